/**
 * Clocks: a Jira issue read into a timeline of events, conditions compiled into tests of those
 * events, the compiled config (policy selection, targets), every metric's clock walked over the
 * timeline, the evaluation of an issue with its escalation points, live figures between
 * evaluations, and the simulator. Imports `time` and `config`.
 */
export * from './jira-issue';
export * from './timeline';
export * from './condition-tests';
export * from './policy';
export * from './clock';
export * from './results';
export * from './escalation-points';
export * from './evaluation';
export * from './live';
export * from './simulate';
