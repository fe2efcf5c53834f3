/** The SLA engine: pure functions over plain data, no I/O and no clock of its own. */
export * from './duration';
export * from './weekly-hours';
export * from './time-zone';
export * from './calendar';
export * from './working-time';
export * from './holidays-ics';
export * from './config';
export * from './policy';
export * from './jira-issue';
export * from './timeline';
export * from './clock';
export * from './evaluation';
export * from './sla-property';
export * from './config-diff';
export * from './simulate';
export * from './live';
