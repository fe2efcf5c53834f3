/**
 * The preview in a real browser (Debian's Chromium through playwright-core): the three surfaces
 * with live demo data, their resolvers on the local Forge host. Skipped with a clear line when
 * Chromium is missing, unless REQUIRE_BROWSER=1 (CI), where a missing browser fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPreview, type Preview } from '../../harness/preview/server';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const haveBrowser = existsSync(CHROMIUM);

if (!haveBrowser && process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
if (!haveBrowser) console.log('skipped: install chromium (apt-get install -y chromium) to run the browser tests');
const describeBrowser = haveBrowser ? describe : describe.skip;

/** The text of a PDF, by pdf-parse in a plain Node process (PDF.js loads its worker with a dynamic import, which Jest's VM refuses). */
function pdfText(file: string): string {
  const script = "const { PDFParse } = require('pdf-parse'); new PDFParse({ data: require('node:fs').readFileSync(process.argv[1]) }).getText().then((result) => process.stdout.write(result.text));";
  return execFileSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' });
}

describeBrowser('the preview in Chromium', () => {
  let preview: Preview;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!['issue-panel', 'admin', 'breaches'].every((app) => existsSync(join(ROOT, 'static', app, 'build', 'index.html')))) {
      execFileSync('node', [join(ROOT, 'scripts', 'build-ui.mjs')], { stdio: 'inherit' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    // Monday 10:00 in Berlin: office hours, so every countdown runs.
    preview = await startPreview({ kvsFile: join(mkdtempSync(join(tmpdir(), 'sla-preview-')), 'kvs.json'), start: Date.parse('2026-11-23T09:00:00Z') });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  }, 120_000);

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterEach(() => page.close());
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  const app = (name: string, module: string, as: string, issue?: string) => `${preview.url}/apps/${name}/index.html?module=${module}&as=${as}${issue ? `&issue=${issue}` : ''}`;
  const panelUrl = (issue: string) => app('issue-panel', 'sla-issue-panel', 'agent-1', issue);
  const keyOf = (summary: string) => [...preview.world().model.issues.values()].find((issue) => issue.summary === summary)!.key;
  const shoot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('the countdown of a running clock decreases between two reads', async () => {
    await page.goto(panelUrl(keyOf('Checkout is down for all customers')));
    const countdown = page.getByTestId('countdown-response');
    await countdown.waitFor();
    const first = Number(await countdown.getAttribute('data-remaining-ms'));
    await page.waitForTimeout(2500);
    const second = Number(await countdown.getAttribute('data-remaining-ms'));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeLessThan(first - 1000);
    expect(await countdown.textContent()).toMatch(/^\d+m \d+s left$/);
  });

  it('an at-risk and a breached issue render their states', async () => {
    await page.goto(panelUrl(keyOf('Payments time out in EU region')));
    await page.getByTestId('metric-response').getByTestId('status-at-risk').waitFor();
    await page.goto(panelUrl(keyOf('Login loop after password reset')));
    await page.getByTestId('metric-response').getByTestId('status-breached').waitFor();
    expect(await page.getByTestId('countdown-response').textContent()).toMatch(/^Overdue by /);
    await page.goto(`${preview.url}/?view=issue&issue=${keyOf('Login loop after password reset')}&as=agent-1`);
    await page.frameLocator('#panel').getByTestId('status-breached').first().waitFor();
    await shoot('issue-panel');
  });

  it('the panel follows a change to its issue at once, told by the issue view, without being reloaded', async () => {
    const key = keyOf('CSV import skips empty lines'); // Medium, standard: response 4h, running
    await page.goto(`${preview.url}/?view=issue&issue=${key}&as=agent-1`);
    const panel = page.frameLocator('#panel');
    await panel.getByTestId('metric-response').getByTestId(/status-(on-track|at-risk)/).waitFor();
    const frame = page.frame({ url: /issue-panel/ })!;
    await frame.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    await page.getByRole('button', { name: 'Comment as viewer' }).click();
    await panel.getByTestId('metric-response').getByTestId('status-met').waitFor({ timeout: 10_000 });
    expect(await frame.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
  });

  it('an agent sees the L2 team clock (OLA) on its own calendar, and why the reporter is in their tier', async () => {
    await page.goto(panelUrl(keyOf('Data export job stuck in queue')));
    const ola = page.getByTestId('metric-l2-ola');
    await ola.getByText('internal OLA').waitFor();
    expect(await page.getByTestId('why-l2-ola').textContent()).toBe('High × Standard → 4h L2 engineering (OLA) on L2 New York hours');
    expect(await page.getByTestId('tier').textContent()).toContain('Standard reporter (default tier)');
  });

  it('issues outside every policy, unseen issues and Jira errors each get a clear state', async () => {
    await page.goto(panelUrl(keyOf('Rotate staging credentials')));
    await page.getByText('No SLA applies to this issue').waitFor();
    await page.getByText('No policy covers project OPS and issue type Task').waitFor();
    await page.goto(app('issue-panel', 'sla-issue-panel', 'outsider-1', keyOf('Checkout is down for all customers')));
    await page.getByText('Issue not found').waitFor();
    preview.world().jira.faults.push({ operation: 'getIssue', status: 503, retryAfterSeconds: 0, times: 4 });
    await page.goto(panelUrl(keyOf('Checkout is down for all customers')));
    await page.getByRole('alert').getByText('The SLA could not be loaded').waitFor();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('countdown-response').waitFor();
  });

  it('an invalid admin edit shows the field error and saves nothing', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    const cell = page.getByLabel('High response VIP target');
    await cell.fill('-5m');
    await page.getByText('"-5m" is negative').first().waitFor();
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    // In words a person reads; the JSON path stays in the tooltip (and in the CLI).
    expect(await page.getByTestId('problems').textContent()).toContain('Customer support → Time to first response → High → VIP: "-5m" is negative');
    expect(await page.getByTestId('problems').locator('li').first().getAttribute('title')).toBe('policies[0].metrics[0].targets.High.vip');
    expect((preview.world().kvs.dump()['config:head'] as { version: number }).version).toBe(1);
  });

  it('a valid admin edit changes the panel\'s target', async () => {
    const issue = keyOf('Invoices export fails with HTTP 500'); // VIP, High
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    await page.getByLabel('High response VIP target').fill('45m');
    await page.getByTestId('save').click();
    await page.getByText(/^Saved as version 2/).waitFor();
    await page.getByTestId('job-progress').getByText(/done/).waitFor({ timeout: 30_000 });
    await page.goto(`${preview.url}/?view=admin&as=admin-1`);
    await page.frameLocator('#admin').getByText('Version 2').waitFor();
    await shoot('admin');
    await page.goto(panelUrl(issue));
    await page.getByTestId('why-response').getByText('High × VIP → 45m Time to first response on Berlin office hours').waitFor();
  });

  it('a target cell says plainly: a target, no target, or the same as the default tier', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    const kind = page.getByLabel('High response VIP: which target');
    const cell = page.getByLabel('High response VIP target');
    expect(await kind.inputValue()).toBe('target');
    await kind.selectOption('none');
    expect(await cell.inputValue()).toBe('none');
    await kind.selectOption('same');
    expect(await cell.inputValue()).toBe('');
    expect(await cell.getAttribute('placeholder')).toBe('as Standard');
    await kind.selectOption('target');
    expect(await cell.inputValue()).toBe('1h');
  });

  it('the history names who saved each version; restoring asks first; turning 24x7 off gives the hours back', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByText(/by Ada Admin/).first().waitFor();
    expect(await page.locator('main').textContent()).not.toContain('admin-1');
    const head = () => (preview.world().kvs.dump()['config:head'] as { version: number }).version;
    const before = head();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.waitForTimeout(300);
    expect(head()).toBe(before);

    await page.getByRole('tab', { name: 'Calendars' }).click();
    const monday = page.getByLabel(/^Monday/).first();
    expect(await monday.inputValue()).toBe('09:00-12:30, 13:30-18:00');
    const allDay = page.getByLabel('Around the clock (24x7)').first();
    await allDay.check();
    await allDay.uncheck();
    expect(await page.getByLabel(/^Monday/).first().inputValue()).toBe('09:00-12:30, 13:30-18:00');
  });

  it('the simulator shows due instants for a creation time in the viewer\'s zone', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    await page.getByRole('tab', { name: 'Simulator' }).click();
    await page.getByLabel('Clock starts at (Europe/Berlin)').fill('2026-11-20T16:00');
    await page.getByLabel('Priority', { exact: true }).click();
    await page.getByRole('option', { name: 'Medium' }).click();
    await page.getByLabel('Reporter', { exact: true }).click();
    await page.getByRole('option', { name: 'VIP' }).click();
    await page.getByRole('button', { name: 'Simulate' }).click();
    const table = page.getByTestId('simulation');
    await table.waitFor();
    // Friday 16:00 in Berlin, the office just closed: VIP Medium response (1h) is due Monday 10:00.
    expect(await table.locator('tr', { hasText: 'response' }).textContent()).toContain('Mon 23 Nov, 10:00');
  });

  it('imports holidays from an .ics file into a calendar', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    await page.getByRole('tab', { name: 'Calendars' }).click();
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20270405\r\nSUMMARY:Easter Monday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    await page.getByLabel('Import .ics').first().setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await page.getByText('Imported 1 holidays from holidays.ics').waitFor();
    await page.getByText('2027-04-05 Easter Monday').waitFor();
    expect(await page.getByTestId('version').textContent()).toContain('unsaved changes');
  });

  it('a stale save shows the conflict and keeps the admin\'s edits', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    const cell = page.getByLabel('Low response VIP target');
    await cell.fill('3h');
    // Meanwhile another admin saves.
    const world = preview.world();
    const current = (await world.forge.invoke('sla-admin-page', 'getConfig', {}, { accountId: 'admin-1' })) as { value: { version: number; config: { policies: { warnAtPercent?: number }[] } } };
    const theirs = structuredClone(current.value.config);
    theirs.policies[0]!.warnAtPercent = 80;
    await world.forge.invoke('sla-admin-page', 'saveConfig', { config: theirs, baseVersion: current.value.version }, { accountId: 'admin-1' });
    await page.getByTestId('save').click();
    await page.getByText(`Someone saved version ${current.value.version + 1} while you were editing`).waitFor();
    expect(await cell.inputValue()).toBe('3h');
    await page.getByRole('button', { name: `Save mine as version ${current.value.version + 2}` }).click();
    await page.getByText(`Saved as version ${current.value.version + 2}`).waitFor();
  });

  it('an admin adds a metric from a preset, gives it targets, and the simulator shows every metric', async () => {
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    await page.getByLabel('Add a metric from a preset').selectOption('next-update');
    await page.getByTestId('metric-next-update').waitFor();
    await page.getByLabel('High next-update Standard target').fill('2h');
    await page.getByLabel('High next-update VIP target').fill('1h');
    await page.getByTestId('save').click();
    await page.getByText(/^Saved as version \d+/).waitFor();
    await page.getByRole('tab', { name: 'Tiers' }).click();
    await page.getByTestId('tier-gold').getByText('2. Gold').waitFor();
    expect(await page.getByTestId('tier-gold').getByLabel('Organizations (Jira Service Management)').inputValue()).toBe('Globex');
    await page.getByRole('tab', { name: 'Simulator' }).click();
    await page.getByLabel('Priority', { exact: true }).click();
    await page.getByRole('option', { name: 'High', exact: true }).click();
    await page.getByRole('button', { name: 'Simulate' }).click();
    const table = page.getByTestId('simulation');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.map((row) => row.split(/issue created|comment|entered/)[0])).toEqual(['Time to first response', 'Time to resolution', 'L2 engineering (OLA) (OLA)', 'Time to next update']);
    expect(rows[3]).toContain('2h');
  });

  it('advancing the clock puts an issue on the breaches page', async () => {
    const issue = keyOf('Checkout is down for all customers');
    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByTestId('breaches').waitFor();
    expect(await page.getByTestId(`row-${issue}-response`).count()).toBe(0);
    await page.request.post(`${preview.url}/preview/clock`, { data: { advanceMs: 3_600_000 } });
    await page.goto(`${preview.url}/?view=breaches&as=manager-1`);
    const row = page.frameLocator('#breaches').getByTestId(`row-${issue}-response`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Breached');
    await shoot('breaches');
  });

  it('an escalation fires as the clock passes its point: the notification in the outbox, the escalation on the panel', async () => {
    // The test before moved the clock an hour on: "Checkout is down for all customers" breached its response.
    const issue = keyOf('Checkout is down for all customers');
    await page.goto(`${preview.url}/?view=issue&issue=${issue}&as=agent-1`);
    const outbox = page.getByTestId('outbox');
    await outbox.waitFor();
    expect(await outbox.textContent()).toContain(`${issue} breached Time to first response`);
    const panel = page.frameLocator('#panel');
    await panel.getByTestId('escalation-response-breached').waitFor();
    expect(await panel.getByTestId('escalation-response-breached').textContent()).toContain('Response breached: tell the assignee and watchers (Time to first response), done');
    expect(await page.locator('#details').textContent()).toContain('Escalated: Time to first response breached');
  });

  it('a running clock outside working hours says when it resumes', async () => {
    // Monday 10:00 Berlin, an hour on by the test before: nine more make it 20:00, after the office closes.
    await page.request.post(`${preview.url}/preview/clock`, { data: { advanceMs: 9 * 3_600_000 } });
    await page.goto(panelUrl(keyOf('Typo in welcome email')));
    expect(await page.getByTestId('resumes-resolution').textContent()).toMatch(/^Outside working hours: the clock resumes .*(09|9):00/);
  });

  it('the list shows breached at the instant the panel does: one second past the due instant, no sweep between', async () => {
    // A sweep now: the next is five minutes of world time away. A Highest issue (response 30m around the clock) due in a minute.
    await page.request.post(`${preview.url}/preview/clock`, { data: { advanceMs: 0 } });
    const world = preview.world();
    const created = world.model.createIssue({ projectKey: 'SUP', issueType: 'Bug', summary: 'Due in a minute', reporter: 'customer-3', priority: 'Highest', created: world.clock.now() - 29 * 60_000 });
    const issue = created.key;
    for (let tries = 0; !world.kvs.dumpEntities('sla-record')[created.id] && tries < 50; tries++) await page.waitForTimeout(100);
    await page.goto(panelUrl(issue));
    const countdown = page.getByTestId('countdown-response');
    await countdown.waitFor();
    const remaining = Number(await countdown.getAttribute('data-remaining-ms'));
    expect(remaining).toBeGreaterThan(0);
    const sweeps = preview.world().forge.invocations.filter((run) => run.moduleKey === 'sla-breach-sweep').length;
    await page.request.post(`${preview.url}/preview/clock`, { data: { advanceMs: remaining + 1_000, sweep: false } });
    // The list of issues created since this one, breached (a bookmarked view: its route in the address).
    const route = `/?status=breached&on=created&from=${new Date(world.model.issue(issue)!.created).toISOString()}`;
    await page.goto(`${app('breaches', 'sla-breaches-page', 'manager-1')}&route=${encodeURIComponent(route)}`);
    await page.getByTestId(`row-${issue}-response`).getByTestId('status-breached').waitFor();
    await page.goto(panelUrl(issue));
    await page.getByTestId('metric-response').getByTestId('status-breached').waitFor();
    expect(preview.world().forge.invocations.filter((run) => run.moduleKey === 'sla-breach-sweep').length).toBe(sweeps);
  });

  it('a manager finds the breached VIP issues of a project, keeps the view in the URL, and exports every row as CSV', async () => {
    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByTestId('breaches').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('breached');
    await page.getByRole('combobox', { name: 'Tier' }).selectOption({ label: 'VIP' });
    await page.getByRole('combobox', { name: 'Project' }).selectOption('SUP');
    // This week: breached since Monday (the viewer's zone, Berlin).
    await page.getByRole('combobox', { name: 'Dates on' }).selectOption('breached');
    await page.getByLabel('From').fill('2026-11-23');
    await page.getByTestId('jql').getByText(/slaStatus IN \("breached"\) AND project = "SUP" AND slaTier = "vip" \(Jira's search cannot filter on the breached date range: this list does\)/).waitFor();
    const tiers = await page.getByTestId('breaches').locator('tbody tr td:nth-child(4)').allTextContents();
    expect(tiers.length).toBeGreaterThan(0);
    expect(tiers.every((tier) => tier.startsWith('VIP'))).toBe(true);
    // The view is in the page's address: a reload (or a bookmark) opens it again.
    expect(new URL(page.url()).searchParams.get('route')).toBe('/?project=SUP&tier=vip&status=breached&on=breached&from=2026-11-22T23%3A00%3A00.000Z');
    await page.reload();
    await page.getByTestId('jql').getByText(/slaStatus IN \("breached"\) AND project = "SUP" AND slaTier = "vip"/).waitFor();
    // The filters' choices come with the page's options, which load beside the list.
    await page.getByRole('combobox', { name: 'Tier' }).locator('option[value="vip"]').waitFor({ state: 'attached' });
    expect(await page.getByRole('combobox', { name: 'Tier' }).inputValue()).toBe('vip');
    expect(await page.getByLabel('From').inputValue()).toBe('2026-11-23');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-list').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('JQL,"slaStatus IN (""breached"") AND project = ""SUP"" AND slaTier = ""vip"""');
    expect(csv[1]).toBe('issue,summary,priority,tier,customer,metric,internal,status,remaining_hours,created,due,breached,stopped,assignee,escalated');
    expect(csv.slice(2).filter(Boolean)).toHaveLength(tiers.length);
    expect(csv[2]).toMatch(/^SUP-\d+,.*,VIP,.*,breached,-\d+(\.\d+)?,/);
  });

  it("a manager reads last month's compliance per priority in Jira's order; at 1024 px the charts fit their frames", async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByRole('combobox', { name: /^Period/ }).selectOption('last-month');
    const response = page.getByTestId('compliance-response');
    await response.waitFor();
    const rows = (await response.locator('tbody tr td:first-child').allTextContents()).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    const order = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
    expect(rows).toEqual([...rows].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    for (const figure of await page.locator('figure').all()) {
      const [frame, chart] = [await figure.boundingBox(), await figure.locator('svg').first().boundingBox()];
      expect(chart!.x + chart!.width).toBeLessThanOrEqual(frame!.x + frame!.width + 0.5);
    }
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await shoot('breaches-1024');
  });

  it('the managers\' tabs answer the arrow keys', async () => {
    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByTestId('tab-breaches').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('statements').waitFor();
    expect(await page.getByTestId('tab-statements').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute: (name: string) => string | null } } }).document.activeElement.getAttribute('data-testid'))).toBe('tab-statements');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('breaches').waitFor();
  });

  it('the managers\' page follows the dark theme', async () => {
    await page.goto(`${app('breaches', 'sla-breaches-page', 'manager-1')}&theme=dark`);
    await page.getByTestId('breaches').waitFor();
    expect(await page.locator('html').getAttribute('data-color-mode')).toBe('dark');
    const [red, green, blue] = (await page.locator('h1').evaluate((heading) => (globalThis as unknown as { getComputedStyle: (element: unknown) => { color: string } }).getComputedStyle(heading).color)).match(/\d+/g)!.map(Number);
    expect(red! + green! + blue!).toBeGreaterThan(500);
    await shoot('breaches-dark');
  });

  it('the 12-month trend stands on frozen figures; an admin restates a month and it is marked', async () => {
    await page.goto(app('breaches', 'sla-breaches-page', 'admin-1'));
    const trend = page.getByTestId('trend-response');
    await trend.waitFor();
    const months = await trend.locator('tbody tr th').allTextContents();
    expect(months).toHaveLength(12);
    expect(await trend.locator('tbody tr').nth(10).textContent()).toMatch(/^2026-10\d+(\.\d)? % \(\d+ met, \d+ late\)$/);
    await page.getByRole('button', { name: 'Restate days…' }).click();
    await page.getByLabel('From (UTC day)').fill('2026-10-01');
    await page.getByLabel('To (inclusive)').last().fill('2026-10-31');
    await page.getByLabel('Why (kept with your name)').fill('October targets corrected');
    await page.getByRole('button', { name: "Restate from today's cycles" }).click();
    await page.getByTestId('restatements').getByText(/2026-10-01 to 2026-10-31 restated by Ada Admin .*: October targets corrected/).waitFor();
    await page.reload();
    await page.getByTestId('trend-response').waitFor();
    expect(await page.getByTestId('trend-response').locator('tbody tr').nth(10).textContent()).toContain('restated');
    await shoot('compliance-trend');
  });

  it('a failed load offers a retry that works', async () => {
    const faults = preview.world().jira.faults;
    faults.push({ operation: 'searchProjects', status: 503, retryAfterSeconds: 0, times: 100 });
    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByRole('alert').getByText('The list could not be loaded').waitFor();
    await page.getByRole('alert').getByText('Compliance could not be loaded', { exact: true }).waitFor();
    await page.getByRole('alert').getByText('The monthly compliance could not be loaded').waitFor();
    faults.length = 0;
    await page.getByTestId('retry-list').click();
    await page.getByTestId('retry-compliance').click();
    await page.getByTestId('retry-trend').click();
    await page.getByTestId('compliance-response').waitFor();
    await page.getByTestId('trend-response').waitFor();
    await page.getByTestId('breaches').waitFor();
  });

  it('the demo customers have a year of statements: misses, capped credits and earn-backs on the chart and in the figures', async () => {
    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByTestId('tab-statements').click();
    await page.getByRole('combobox', { name: 'Period' }).selectOption('2026-02');
    const statement = page.getByTestId('statement');
    await statement.getByText('Acme Corp: service statement 2026-02').waitFor();
    // Acme missed first response in November 2025 (8 of 10); three good months return its 720.00 EUR.
    expect(await page.getByTestId('level-response').textContent()).toContain('2025-11: €720.00 earned back');
    expect(await page.getByTestId('statement-chart').locator('svg').count()).toBe(2);
    await shoot('statement-earn-back');
  });

  it('an admin creates an agreement; past the month end its statement is written, exported as CSV and printed to a clean PDF; an admin excludes a cycle and restates it', async () => {
    // Last: it moves the world on to December.
    await page.goto(app('admin', 'sla-admin-page', 'admin-1'));
    await page.getByRole('tab', { name: 'Agreements' }).click();
    await page.getByTestId('add-agreement').click();
    await page.getByLabel('Customer name').last().fill('Dana Ltd');
    await page.getByLabel('Find a person for Dana Ltd').fill('Dana');
    await page.getByRole('button', { name: 'Search' }).last().click();
    await page.getByRole('button', { name: 'Add Dana Customer' }).click();
    await page.getByLabel('Valid from (first day of a period)').last().fill('2026-11-01');
    await page.getByLabel('Fee per period').last().fill('1000');
    await page.getByTestId('save').click();
    await page.getByText(/^Saved as version/).waitFor();

    const world = preview.world();
    await page.request.post(`${preview.url}/preview/clock`, { data: { advanceMs: Date.parse('2026-11-30T23:05:00Z') - world.clock.now() } });
    for (let tries = 0; !world.kvs.dumpEntities('sla-statement')['agreement-3:2026-11:v1'] && tries < 100; tries++) await page.waitForTimeout(200);

    await page.goto(app('breaches', 'sla-breaches-page', 'manager-1'));
    await page.getByTestId('tab-statements').click();
    await page.getByRole('combobox', { name: 'Agreement' }).selectOption({ label: 'Dana Ltd: Agreement 3' });
    await page.getByRole('combobox', { name: 'Period' }).selectOption('2026-11');
    const statement = page.getByTestId('statement');
    await statement.getByText('Dana Ltd: service statement 2026-11').waitFor();
    expect(await statement.textContent()).toContain('version 1, written');
    const level = page.getByTestId('level-response');
    expect(Number((await level.locator('td').first().textContent())?.trim())).toBeGreaterThan(0);
    await shoot('statements');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('agreement,period,service_level,issue,metric,priority,started_at,stopped_at,outcome,excluded_reason');
    expect(csv[1]).toMatch(/^agreement-3,2026-11,response,SUP-\d+,response,/);

    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pdfFile = join(ARTIFACTS, 'statement.pdf');
    writeFileSync(pdfFile, pdf);
    const text = pdfText(pdfFile);
    expect(text).toContain('Dana Ltd: service statement 2026-11');
    expect(text).toContain('Net credit to the customer');
    expect(text).not.toContain('Export CSV');
    expect(text).not.toContain('Customer statements');

    // An admin excludes a cycle with a reason and restates the month: version 2 shows why and the difference.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(app('breaches', 'sla-breaches-page', 'admin-1'));
    await page.getByTestId('tab-statements').click();
    await page.getByRole('combobox', { name: 'Agreement' }).selectOption({ label: 'Dana Ltd: Agreement 3' });
    await page.getByRole('combobox', { name: 'Period' }).selectOption('2026-11');
    await page.getByTestId('level-response').getByRole('button', { name: /counted cycles: show the issues/ }).click();
    const lines = page.getByTestId('statement-lines');
    await lines.getByRole('button', { name: 'Exclude…' }).first().click();
    await lines.getByLabel('Why (kept with your name)').fill('Customer on holiday, agreed by phone');
    await lines.getByRole('button', { name: 'Exclude', exact: true }).click();
    await page.getByTestId('exclusions').getByText('Customer on holiday, agreed by phone').waitFor();
    expect(await page.getByTestId('exclusions').textContent()).toContain('Ada Admin');
    await page.getByRole('button', { name: 'Restate…' }).click();
    await page.getByRole('textbox', { name: /Why restate 2026-11/ }).fill('Exclusion agreed with the customer');
    await page.getByRole('button', { name: "Restate with today's config and exclusions" }).click();
    for (let tries = 0; !world.kvs.dumpEntities('sla-statement')['agreement-3:2026-11:v2'] && tries < 100; tries++) await page.waitForTimeout(200);
    await page.reload();
    await page.getByTestId('tab-statements').click();
    await page.getByRole('combobox', { name: 'Agreement' }).selectOption({ label: 'Dana Ltd: Agreement 3' });
    await page.getByRole('combobox', { name: 'Period' }).selectOption('2026-11');
    await page.getByText('Restated: Exclusion agreed with the customer').waitFor();
    expect(await page.getByTestId('statement-difference').textContent()).toMatch(/Difference from version 1/);
    expect(await page.getByTestId('level-response').locator('td').nth(3).textContent()).toBe('1');
  });
});
