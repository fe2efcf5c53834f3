/**
 * Reports: an agreement's statement for a period (levels, credits, cap, earn-back), its CSV, and
 * compliance counted from frozen daily aggregates. Imports every other room.
 */
export * from './statement';
export * from './statement-csv';
export * from './compliance';
