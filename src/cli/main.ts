/**
 * `sla`: evaluate Jira issues against an SLA config, validate a config, compute an agreement's
 * statement, import holidays.
 * Every failure is one line on stderr and a non-zero exit, never a stack trace.
 */
import { parseArgs } from 'node:util';
import {
  buildTimeline,
  compileConfig,
  configWarnings,
  evaluateIssue,
  evaluationJson,
  holidaysFromIcs,
  isCalendarDate,
  isSupportedInstant,
  parseJiraDate,
  periodById,
  recordCycles,
  slaRecord,
  statementCsvHeader,
  statementCsvRows,
  statementCycle,
  statementSeries,
  validateConfig,
  type Config,
  type KnownNames,
} from '../domain';
import { CliError, printable, readJsonFile, readTextFile } from './files';
import { readIssueFile } from './issue-files';
import { evaluationTable, statementTable } from './table';

/** Each command's usage, as `sla COMMAND --help` prints it. */
const USAGE: Record<string, string> = {
  evaluate: `evaluate --config FILE --issue FILE... [--reporter-groups g1,g2] [--statuses FILE] [--now ISO] [--format json|table]
      Evaluates Jira issues (GET /rest/api/3/issue/{key}?expand=changelog JSON: one issue, an array,
      or a /rest/api/3/search/jql response) against the config, as of --now (default: the current time).
      Every metric of the issue's policy is printed. --statuses: GET /rest/api/3/status JSON, for
      conditions on status categories.`,
  validate: `validate --config FILE [--issue FILE...] [--statuses FILE]
      Prints each problem with its JSON path; exits 1 when the config is invalid. Warns (exit 0) of
      conditions that cannot work as written, and, given issues or statuses, of statuses and
      priorities the config names that none of them has.`,
  statement: `statement --config FILE --issue FILE... --period 2026-10 [--agreement ID] [--now ISO] [--format json|table|csv]
      Computes an agreement's statement of a period (a month 2026-10 or a quarter 2026-Q4) from
      exported issues as they are at --now (default: the current time), every period from the
      agreement's first through --period, so earn-backs count. --agreement may be left out when
      the config has one agreement. json: the figures and every cycle; table: the figures; csv:
      the cycles.`,
  holidays: `holidays --ics FILE --from YYYY-MM-DD --to YYYY-MM-DD
      Reads an iCalendar file and prints its all-day events in that range as config holidays (JSON).`,
};

export const HELP = `Usage: sla <command> [options]

Commands:
${Object.values(USAGE)
  .map((usage) => `  ${usage}`)
  .join('\n')}

Options:
  -h, --help   This text; after a command, that command's usage.`;

interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the CLI; returns the exit code. */
export function run(argv: readonly string[], output: Output, clock: () => number = Date.now): number {
  // Whatever a file holds reaches the terminal with its control characters escaped.
  const io: Output = { out: (text) => output.out(text), err: (text) => output.err(printable(text)) };
  try {
    const [command, ...rest] = argv;
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      io.out(HELP);
      return command ? 0 : 2;
    }
    if (Object.hasOwn(USAGE, command) && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(`Usage: sla ${USAGE[command]!}`);
      return 0;
    }
    switch (command) {
      case 'evaluate':
        return evaluate(rest, io, clock);
      case 'validate':
        return validate(rest, io);
      case 'statement':
        return statement(rest, io, clock);
      case 'holidays':
        return holidays(rest, io);
      default:
        throw new CliError(`unknown command "${command}" (try: sla --help)`, 2);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`sla: ${error.message}`);
      return error.exitCode;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`sla: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}


function required(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`${flag} is required`, 2);
  return value;
}

function loadConfig(path: string): Config {
  const result = validateConfig(readJsonFile(path));
  if (!result.ok) throw new CliError(`${path}: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return result.config;
}

function nowFrom(text: string | undefined, clock: () => number): number {
  const now = text === undefined ? clock() : parseJiraDate(text);
  if (now === undefined || !isSupportedInstant(now)) throw new CliError(`--now "${text}" is not an ISO instant between 2000 and 2099 such as 2026-11-24T00:00:00Z`, 2);
  return now;
}

function statement(args: readonly string[], io: Output, clock: () => number): number {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { config: { type: 'string' }, issue: { type: 'string', multiple: true }, period: { type: 'string' }, agreement: { type: 'string' }, now: { type: 'string' }, format: { type: 'string', default: 'table' } },
  });
  const format = values.format;
  if (format !== 'json' && format !== 'table' && format !== 'csv') throw new CliError(`--format must be json, table or csv, not "${format}"`, 2);
  const now = nowFrom(values.now, clock);
  const config = compileConfig(loadConfig(required(values.config, '--config')));
  const agreement = values.agreement === undefined && config.agreements.length === 1 ? config.agreements[0] : config.agreements.find((candidate) => candidate.id === values.agreement);
  if (!agreement) {
    const known = config.agreements.map((candidate) => candidate.id).join(', ') || 'none';
    throw new CliError(values.agreement === undefined ? `--agreement is required (the config's agreements: ${known})` : `no agreement "${values.agreement}" in the config (it has: ${known})`, 2);
  }
  const periodText = required(values.period, '--period');
  const period = periodById(periodText, agreement.unit, agreement.timeZone);
  if (!period) throw new CliError(`--period "${periodText}" is not a ${agreement.unit} such as ${agreement.unit === 'month' ? '2026-10' : '2026-Q4'}`, 2);
  if (period.from < agreement.validFrom || (agreement.validTo !== null && period.from >= agreement.validTo)) throw new CliError(`agreement "${agreement.id}" does not hold in ${period.id}`, 2);
  const files = values.issue ?? [];
  if (!files.length) throw new CliError('--issue is required', 2);
  const cycles = files.flatMap(readIssueFile).flatMap((issue) => {
    const timeline = buildTimeline(issue);
    const record = slaRecord(evaluateIssue(timeline, config, { now }), timeline, 0);
    return [...recordCycles(record).values()].filter((cycle) => cycle.agreement === agreement.id).map(statementCycle);
  });
  const computed = statementSeries(agreement, cycles, new Set(), period).at(-1)!;
  if (format === 'json') io.out(JSON.stringify({ figures: computed.figures, cycles: computed.lines.map(({ cycle, cls, levels }) => ({ ...cycle, cls, levels })) }, null, 2));
  else if (format === 'csv') io.out((statementCsvHeader() + statementCsvRows(agreement.id, period.id, computed.lines.map(({ cycle, cls, levels }) => ({ ...cycle, cls, levels })))).trimEnd());
  else io.out(statementTable(agreement.name, computed.figures));
  return 0;
}

function evaluate(args: readonly string[], io: Output, clock: () => number): number {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      config: { type: 'string' },
      issue: { type: 'string', multiple: true },
      'reporter-groups': { type: 'string' },
      statuses: { type: 'string' },
      now: { type: 'string' },
      format: { type: 'string', default: 'json' },
    },
  });
  const format = values.format;
  if (format !== 'json' && format !== 'table') throw new CliError(`--format must be json or table, not "${format}"`, 2);
  const now = nowFrom(values.now, clock);
  const config = compileConfig(loadConfig(required(values.config, '--config')));
  const files = values.issue ?? [];
  if (!files.length) throw new CliError('--issue is required', 2);
  const reporterGroups = (values['reporter-groups'] ?? '').split(',').map((group) => group.trim()).filter(Boolean);
  const statusCategories = values.statuses === undefined ? undefined : readStatuses(values.statuses).categories;
  const evaluations = files
    .flatMap(readIssueFile)
    .map((issue) => evaluateIssue(buildTimeline(issue), config, { now, reporterGroups, ...(statusCategories ? { statusCategories } : {}) }));
  io.out(format === 'json' ? JSON.stringify(evaluations.map(evaluationJson), null, 2) : evaluationTable(evaluations));
  return 0;
}

function validate(args: readonly string[], io: Output): number {
  const { values } = parseArgs({ args: [...args], strict: true, options: { config: { type: 'string' }, issue: { type: 'string', multiple: true }, statuses: { type: 'string' } } });
  const path = required(values.config, '--config');
  const result = validateConfig(readJsonFile(path));
  if (result.ok) {
    const { config } = result;
    const metrics = config.policies.reduce((sum, policy) => sum + policy.metrics.length, 0);
    const form = result.migratedFrom ? ` (written in the first config form, read as schemaVersion ${config.schemaVersion})` : '';
    io.out(`${path}: valid (${config.calendars.length} calendars, ${config.tiers.length} tiers, ${config.policies.length} policies, ${metrics} metrics)${form}`);
    for (const warning of configWarnings(config, knownNames(values.issue ?? [], values.statuses))) io.err(`${path}: warning: ${warning.path}: ${warning.message}`);
    return 0;
  }
  for (const error of result.errors) io.err(`${path}: ${error.path}: ${error.message}`);
  return 1;
}

/** Statuses (and their categories) from Jira's `GET /rest/api/3/status` JSON. */
function readStatuses(path: string): { names: Set<string>; categories: Record<string, string> } {
  const list = readJsonFile(path);
  if (!Array.isArray(list)) throw new CliError(`${path}: not a list of statuses (GET /rest/api/3/status)`);
  const categories: Record<string, string> = {};
  const names = new Set<string>();
  for (const status of list as { name?: unknown; statusCategory?: { key?: unknown } }[]) {
    if (typeof status?.name !== 'string') continue;
    names.add(status.name);
    if (typeof status.statusCategory?.key === 'string') categories[status.name] = status.statusCategory.key;
  }
  return { names, categories };
}

/** The statuses and priorities the given issues and status list show the site has. */
function knownNames(issueFiles: readonly string[], statusFile: string | undefined): KnownNames {
  if (!issueFiles.length && statusFile === undefined) return {};
  const statuses = statusFile === undefined ? new Set<string>() : readStatuses(statusFile).names;
  const priorities = new Set<string>();
  for (const timeline of issueFiles.flatMap(readIssueFile).map((issue) => buildTimeline(issue))) {
    for (const state of [timeline.initial, timeline.current]) {
      statuses.add(state.status);
      if (state.priority !== null) priorities.add(state.priority);
    }
    for (const event of timeline.events) {
      if (event.kind === 'status') statuses.add(event.to);
      if (event.kind === 'priority' && event.to !== null) priorities.add(event.to);
    }
  }
  return { statuses, ...(issueFiles.length ? { priorities } : {}) };
}

function holidays(args: readonly string[], io: Output): number {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { ics: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const range = { from: required(values.from, '--from'), to: required(values.to, '--to') };
  for (const [flag, date] of Object.entries(range)) {
    if (!isCalendarDate(date)) throw new CliError(`--${flag} "${date}" is not a date such as 2026-01-01`, 2);
    if (!isSupportedInstant(Date.parse(date))) throw new CliError(`--${flag} ${date} is outside the supported range 2000-01-01 to 2099-12-31`, 2);
  }
  if (range.from > range.to) throw new CliError(`--from ${range.from} is after --to ${range.to}`, 2);
  let imported;
  try {
    imported = holidaysFromIcs(readTextFile(required(values.ics, '--ics')), range);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${values.ics}: ${(error as Error).message}`, 1, { cause: error });
  }
  for (const skip of imported.skipped) io.err(`skipped "${skip.summary}": ${skip.reason}`);
  io.out(JSON.stringify(imported.holidays, null, 2));
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), { out: (text) => console.log(text), err: (text) => console.error(text) });
}
