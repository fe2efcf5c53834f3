/**
 * Records: the authoritative SLA record of an issue as the app stores it (with its cycles), and
 * the issue property that mirrors it for Jira's search. Imports `time`, `config` and `clocks`.
 */
export * from './sla-property';
export * from './sla-record';
