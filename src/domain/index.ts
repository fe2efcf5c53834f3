/**
 * The SLA engine: pure functions over plain data, no I/O and no clock of its own. Its rooms, each
 * importing only the rooms before it:
 * time → config → clocks → records → reports.
 */
export * from './time';
export * from './config';
export * from './clocks';
export * from './records';
export * from './reports';
