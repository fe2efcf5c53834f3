/**
 * Demo data for the preview: about forty issues made relative to the start time, so that whenever
 * the preview starts it shows every state (on track, at risk, breached, paused, met, met late), VIP
 * and standard reporters, several priorities, and both calendars (Highest runs around the clock,
 * so its countdowns tick at any hour). Times are placed in working time, found by binary search on
 * the engine's own arithmetic.
 */
import { addWorkingTime, compileConfig, periodOf, previousPeriod, targetFor, workingTimeBetween, type Calendar, type Config } from '../../src/domain';
import type { JiraModel } from '../jira/model';
import { PEOPLE } from '../world';

const M = 60_000;
const H = 60 * M;

/** The instant before `now` from which exactly `workMs` of working time has passed until `now`. */
export function workingTimeAgo(calendar: Calendar, now: number, workMs: number): number {
  let lo = now - 400 * 24 * H;
  let hi = now;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (workingTimeBetween(calendar, mid, now) > workMs) lo = mid;
    else hi = mid;
  }
  return hi;
}

type Step =
  | { after: number; comment: string; by?: string; internal?: boolean }
  | { after: number; status: string; by?: string }
  | { after: number; priority: string };

interface Story {
  summary: string;
  reporter: string;
  priority: string;
  issueType?: string;
  project?: string;
  /** Working time since creation, on the calendar of the issue's first priority. */
  age: number;
  /** Changes, each `after` that much working time since creation. */
  steps?: Step[];
  assignee?: string;
}

const { vipCustomer: vip, groupVip, customer: std, agent, agent2 } = PEOPLE;
const reply = (after: number, by = agent): Step => ({ after, comment: 'Thanks for the report, we are looking into it.', by });

export const DEMO_STORIES: Story[] = [
  // Highest: around the clock.
  { summary: 'Checkout is down for all customers', reporter: vip, priority: 'Highest', age: 4 * M, assignee: agent },
  { summary: 'Payments time out in EU region', reporter: std, priority: 'Highest', age: 25 * M },
  { summary: 'Login loop after password reset', reporter: std, priority: 'Highest', age: 50 * M, assignee: agent2 },
  { summary: 'API returns 502 for bulk export', reporter: vip, priority: 'Highest', age: 2 * H, steps: [reply(8 * M)], assignee: agent },
  { summary: 'Data sync stalled overnight', reporter: groupVip, priority: 'Highest', age: 3.5 * H, steps: [reply(10 * M)] },
  { summary: 'Webhook deliveries dropped', reporter: std, priority: 'Highest', age: 9 * H, steps: [reply(45 * M), { after: 6 * H, status: 'Done' }] },
  { summary: 'Status page shows outage', reporter: vip, priority: 'Highest', age: 12 * H, steps: [reply(5 * M), { after: 3 * H, status: 'Done' }] },
  // High: Berlin office hours.
  { summary: 'Invoices export fails with HTTP 500', reporter: vip, priority: 'High', age: 5 * M, assignee: agent },
  { summary: 'Reports show wrong currency', reporter: vip, priority: 'High', age: 25 * M },
  { summary: 'Cannot invite new team members', reporter: std, priority: 'High', age: 3 * H, assignee: agent2 },
  { summary: 'SAML login fails for one tenant', reporter: std, priority: 'High', age: 2 * H, steps: [reply(20 * M), { after: 30 * M, status: 'Waiting for customer' }] },
  { summary: 'Search misses archived tickets', reporter: vip, priority: 'High', age: 6 * H, steps: [reply(10 * M), { after: 3 * H, status: 'Done' }] },
  { summary: 'Email notifications delayed', reporter: std, priority: 'High', age: 20 * H, steps: [reply(90 * M), { after: 12 * H, status: 'Done' }] },
  { summary: 'Dashboard widgets blank', reporter: groupVip, priority: 'High', age: 10 * H, steps: [reply(15 * M), { after: 40 * M, status: 'Waiting for customer' }, { after: 4 * H, status: 'In Progress' }] },
  { summary: 'Mobile app crashes on start', reporter: vip, priority: 'High', age: 12 * H, steps: [reply(12 * M)] },
  // Medium.
  { summary: 'CSV import skips empty lines', reporter: std, priority: 'Medium', age: 30 * M },
  { summary: 'Wrong time zone in audit log', reporter: std, priority: 'Medium', age: 3.5 * H, assignee: agent },
  { summary: 'Custom fields lost on clone', reporter: vip, priority: 'Medium', age: 50 * M },
  { summary: 'PDF export cuts long tables', reporter: std, priority: 'Medium', age: 8 * H, steps: [reply(2 * H), { after: 3 * H, status: 'Waiting for customer' }] },
  { summary: 'Filter by label is case sensitive', reporter: vip, priority: 'Medium', age: 30 * H, steps: [reply(30 * M)] },
  { summary: 'Attachment preview shows wrong file', reporter: groupVip, priority: 'Medium', age: 14 * H, steps: [reply(20 * M), { after: 10 * H, status: 'Done' }] },
  { summary: 'Bulk edit ignores priority', reporter: std, priority: 'Medium', age: 50 * H, steps: [reply(5 * H), { after: 45 * H, status: 'Done' }] },
  { summary: 'Calendar sync duplicates events', reporter: std, priority: 'Medium', age: 6 * H, steps: [reply(1 * H), { after: 2 * H, priority: 'High' }] },
  // Low and Lowest.
  { summary: 'Typo in welcome email', reporter: std, priority: 'Low', age: 2 * H },
  { summary: 'Sort order of team list', reporter: vip, priority: 'Low', age: 7 * H },
  { summary: 'Tooltip overlaps button', reporter: std, priority: 'Low', age: 20 * H, steps: [reply(4 * H), { after: 6 * H, status: 'Waiting for customer' }] },
  { summary: 'Dark mode contrast on charts', reporter: groupVip, priority: 'Low', age: 30 * H, steps: [reply(2 * H), { after: 20 * H, status: 'Done' }] },
  { summary: 'Footer link points to old docs', reporter: std, priority: 'Lowest', age: 5 * H },
  { summary: 'Feature request: keyboard shortcuts', reporter: std, priority: 'Lowest', age: 20 * H, steps: [reply(17 * H)] },
  { summary: 'Old logo in invoice template', reporter: vip, priority: 'Lowest', age: 40 * H, steps: [reply(3 * H), { after: 30 * H, status: 'Done' }] },
  // Reopened, and internal notes that do not count as a response.
  {
    summary: 'Refund not shown in statement',
    reporter: vip,
    priority: 'High',
    age: 9 * H,
    steps: [reply(10 * M), { after: 2 * H, status: 'Done' }, { after: 5 * H, status: 'Reopened', by: vip }],
  },
  { summary: 'Permissions page loads slowly', reporter: std, priority: 'High', age: 40 * M, steps: [{ after: 10 * M, comment: 'Internal: probably the new index', by: agent, internal: true }] },
  // Handed to L2 engineering (the OLA, on New York hours) and back.
  { summary: 'Data export job stuck in queue', reporter: std, priority: 'High', age: 7 * H, steps: [reply(15 * M), { after: 1 * H, status: 'Escalated to L2' }] },
  { summary: 'Webhook retries flood the API', reporter: vip, priority: 'Highest', age: 12 * H, steps: [reply(5 * M), { after: 30 * M, status: 'Escalated to L2' }, { after: 6 * H, status: 'In Progress' }] },
  { summary: 'Customer replied, back with us', reporter: std, priority: 'Medium', age: 5 * H, steps: [reply(30 * M), { after: 1 * H, status: 'Waiting for customer' }, { after: 3 * H, status: 'In Progress', by: std }] },
  // Outside every policy.
  { summary: 'Rotate staging credentials', reporter: agent, priority: 'Medium', issueType: 'Task', project: 'OPS', age: 3 * H },
  { summary: 'Upgrade build agents', reporter: agent2, priority: 'Low', issueType: 'Task', project: 'OPS', age: 10 * H },
];

/** Months of agreement history the demo makes: the chart's twelve closed periods. */
export const HISTORY_MONTHS = 12;
const ZONE = 'Europe/Berlin';

/** The first day (Berlin) of the month `HISTORY_MONTHS` before the one holding `now`. */
function historyStart(now: number): string {
  let period = periodOf(now, 'month', ZONE);
  for (let i = 0; i < HISTORY_MONTHS; i++) period = previousPeriod(period, 'month', ZONE);
  return `${period.id}-01`;
}

/**
 * Two customers' agreements, from twelve months before `now`: Acme (the standard reporter) and
 * Globex (members of vip-customers), so their statements have a year of history.
 */
function demoAgreements(now: number): NonNullable<Config['agreements']> {
  const validFrom = historyStart(now);
  return [
    {
      id: 'acme',
      name: 'Acme managed support',
      customer: { name: 'Acme Corp', rules: [{ accountIds: [std] }] },
      validFrom,
      period: 'month',
      timeZone: ZONE,
      fee: { amount: 12_000, currency: 'EUR' },
      credits: { atRiskPercent: 10 },
      earnBack: { periods: 3 },
      serviceLevels: [
        { id: 'response', name: 'First response', metric: 'response', expected: 90, minimum: 80, share: 60 },
        { id: 'resolution', name: 'Resolution', metric: 'resolution', expected: 80, minimum: 70, share: 60 },
      ],
    },
    {
      id: 'globex',
      name: 'Globex premium support',
      customer: { name: 'Globex', rules: [{ groups: ['vip-customers'] }] },
      validFrom,
      period: 'month',
      timeZone: ZONE,
      fee: { amount: 8_000, currency: 'USD' },
      credits: { atRiskPercent: 15, capPercent: 12 },
      earnBack: { periods: 2 },
      serviceLevels: [
        { id: 'urgent-response', name: 'Urgent first response', metric: 'response', priorities: ['Highest', 'High'], expected: 95, minimum: 90, share: 70 },
        { id: 'resolution', name: 'Resolution', metric: 'resolution', expected: 85, share: 50 },
      ],
    },
  ];
}

/**
 * Late cycles of 10 per month, oldest month first. Acme misses response in month 1 and earns the
 * credit back in month 4; falls below its resolution minimum in month 5 (200 % of a 60 % share,
 * capped at the amount at risk) and earns it back in month 8; the same for response in month 9.
 * Globex misses its urgent response level in month 2 and loses that credit when month 4 falls
 * below the minimum, whose credit it earns back two good months later.
 */
const HISTORY: Record<string, { reporter: string; response: number[]; resolution: number[] }> = {
  acme: { reporter: std, response: [2, 1, 0, 1, 0, 0, 1, 0, 3, 1, 0, 0], resolution: [1, 2, 1, 0, 4, 1, 0, 2, 1, 1, 2, 0] },
  globex: { reporter: groupVip, response: [0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0], resolution: [1, 1, 2, 1, 1, 0, 1, 1, 1, 3, 1, 1] },
};
const ISSUES_PER_MONTH = 10;

/** A year of resolved issues of both customers: in each month, that many answered or resolved late. */
function seedAgreementHistory(model: JiraModel, config: Config, now: number): void {
  const compiled = compileConfig(config);
  const support = compiled.policies[0];
  const response = support?.metrics.find((metric) => metric.id === 'response');
  const resolution = support?.metrics.find((metric) => metric.id === 'resolution');
  if (!response || !resolution) return;
  let period = periodOf(Date.parse(`${historyStart(now)}T12:00:00Z`), 'month', ZONE);
  for (let month = 0; month < HISTORY_MONTHS; month++, period = periodOf(period.to, 'month', ZONE)) {
    for (const { reporter, response: late, resolution: slow } of Object.values(HISTORY)) {
      const tier = reporter === groupVip ? 'vip' : 'standard';
      const answer = targetFor(response, 'High', tier)!;
      const fix = targetFor(resolution, 'High', tier)!;
      for (let i = 0; i < ISSUES_PER_MONTH; i++) {
        // Spread over the first three weeks, in working time, so every cycle stops inside its month.
        const created = addWorkingTime(fix.calendar, period.from + (i * 2 + 1) * 24 * H, H);
        const issue = model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: `Monthly report request ${month + 1}.${i + 1}`, reporter, priority: 'High', created });
        model.addComment(issue.key, agent, 'Thanks, on it.', { at: addWorkingTime(answer.calendar, created, answer.ms * (i < late[month]! ? 1.5 : 0.5)) });
        model.transition(issue.key, 'Done', agent, addWorkingTime(fix.calendar, created, fix.ms * (i < slow[month]! ? 1.3 : 0.6)));
      }
    }
  }
}

/** The demo's config: the reference one, with escalation rules to watch fire as the clock moves. */
export function demoConfig(example: Config, now: number): Config {
  const [support, ...others] = example.policies;
  if (!support) return example;
  const escalations: NonNullable<Config['policies'][number]['escalations']> = [
    {
      id: 'response-breached',
      name: 'Response breached: tell the assignee and watchers',
      metric: 'response',
      at: { percent: 100 },
      actions: [
        { type: 'notify', to: ['assignee', 'watchers'], subject: '{issue} breached {metric}', body: '{issue} ({summary}) ran out of its {target} {metric} at {due}; overdue by {overdue}.' },
        { type: 'comment', visibility: 'internal', body: 'Escalated: {metric} breached ({target}).' },
      ],
    },
    { id: 'resolution-75', name: 'Resolution at 75 %: label it', metric: 'resolution', at: { percent: 75 }, actions: [{ type: 'add-label', label: 'sla-at-risk' }] },
  ];
  return { ...example, policies: [{ ...support, escalations }, ...others], agreements: demoAgreements(now) };
}

/** Creates the demo issues in the stand-in, their histories placed in working time before `now`. */
export function seedDemo(model: JiraModel, config: Config, now: number): void {
  seedAgreementHistory(model, config, now);
  const compiled = compileConfig(config);
  const support = compiled.policies[0];
  for (const story of DEMO_STORIES) {
    const response = support?.metrics.find((metric) => metric.id === 'response');
    const calendar = (response && targetFor(response, story.priority, 'standard')?.calendar) ?? compiled.calendars.values().next().value;
    if (!calendar) throw new Error('The demo needs a config with a calendar');
    const created = workingTimeAgo(calendar, now, story.age);
    const issue = model.createIssue({ projectKey: story.project ?? 'SUP', issueType: story.issueType ?? 'Bug', summary: story.summary, reporter: story.reporter, priority: story.priority, created });
    if (story.assignee) model.assign(issue.key, story.assignee, agent, created + 1000);
    for (const step of story.steps ?? []) {
      const at = Math.min(addWorkingTime(calendar, created, step.after), now);
      if ('comment' in step) model.addComment(issue.key, step.by ?? agent, step.comment, { at, ...(step.internal ? { jsdPublic: false } : {}) });
      else if ('status' in step) model.transition(issue.key, step.status, step.by ?? agent, at);
      else model.setPriority(issue.key, step.priority, agent, at);
    }
  }
}
