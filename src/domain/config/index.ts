/**
 * The config document: its one zod schema (type, validation, JSON Schema) and the parts it is made
 * of (calendars, conditions, tiers, agreements, escalation rules), the first form and its
 * migration, metric presets, warnings, paths in words, the difference of two versions, and which
 * metrics have a JQL family. Imports only `time`.
 */
export * from './parts';
export * from './conditions';
export * from './tiers';
export * from './decimal';
export * from './agreement';
export * from './escalation-rules';
export * from './schema';
export * from './paths';
export * from './v1';
export * from './validate';
export * from './metric-presets';
export * from './checks';
export * from './diff';
export * from './property-families';
