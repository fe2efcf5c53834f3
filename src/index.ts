/** The functions the manifest names (`handler: index.<name>`). */
export { handler as panel } from './forge/panel';
export { handler as admin } from './forge/admin';
export { handler as report } from './forge/report';
export { issueConsumer, onDailyReconcile, onIssueEvent, onSchedule, complianceConsumer, recomputeConsumer, statementConsumer } from './forge/events';
