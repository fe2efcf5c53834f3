/**
 * The one contract between the Custom UI apps and the resolvers: each resolver's name, the schema
 * of its payload (which gives its type and the server's check) and the type of its answer, the
 * error codes and `Answer<T>`. The Forge resolvers are defined through it and `static/shared/bridge.ts`
 * calls through it, so a misspelt resolver or a changed answer is a compile error on both sides.
 */
import { z } from 'zod';
import type { ConfigError, ConfigResult } from '../domain';
import type { ConfigVersion, JobView, SaveResult, SimulationAnswer } from './admin';
import type { PanelView } from './panel';
import type { BreachesPage, ComplianceReport, EscalationLogRow, FilterOptions, Restatement, TrendMonth } from './reports';
import type { AgreementSummary, Exclusion, LinesPage, StatementDetail, StatementJobView } from './statements';

export type * from './admin';
export type * from './panel';
export type * from './reports';
export type * from './statements';

const text = z.string().max(200);
const instant = z.string().max(40);
const version = z.number().int().min(0).max(1_000_000_000);

/** The statuses the managers' list finds: open clocks from the records, stopped ones from the cycles. */
export const LIST_STATUSES = ['breached', 'at-risk', 'running', 'paused', 'met', 'met-late'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
/** `assignee` value for issues with nobody assigned. */
export const UNASSIGNED = 'unassigned';

export const ReportFiltersSchema = z
  .object({
    project: text.optional(),
    policy: text.optional(),
    metric: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must be a metric id').optional(),
    priority: text.optional(),
    /** Account id, or `unassigned`. */
    assignee: text.optional(),
    tier: text.optional(),
    /** An agreement id: its customer's issues. */
    agreement: text.optional(),
    /** Breached and at risk when absent. */
    status: z.enum(LIST_STATUSES).optional(),
    /** Only issues a metric cycle of which reached an escalation rule's point. */
    escalated: z.boolean().optional(),
    /** A range `[from, to)` on when the issue was created, or the clock is due, breached or stopped. */
    dates: z.object({ on: z.enum(['created', 'due', 'breached', 'stopped']), from: instant.optional(), to: instant.optional() }).strict().optional(),
    /** `overdue`: VIP first, then the longest in trouble (default); `due`: the soonest due first (the work queue); `priority`: in Jira's priority order, then the longest in trouble. */
    sort: z.enum(['overdue', 'due', 'priority']).optional(),
  })
  .strict();
export type ReportFilters = z.infer<typeof ReportFiltersSchema>;
const ComplianceFiltersSchema = ReportFiltersSchema.pick({ project: true, policy: true, priority: true, assignee: true, tier: true, agreement: true });
export type ComplianceFilters = z.infer<typeof ComplianceFiltersSchema>;

const none = z.object({}).strict();
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be an id');
const periodId = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'must be a month (2026-10) or a quarter (2026-Q4)');
const reason = z.string().trim().min(3, 'must say why (at least 3 characters)').max(500, 'must be at most 500 characters');
const cycleKey = z.string().min(1).max(300);

/** Resolver name → payload schema, per module. */
export const PAYLOADS = {
  panel: {
    getSla: none,
  },
  admin: {
    getConfig: none,
    getSchema: none,
    validateConfig: z.object({ config: z.unknown() }).strict(),
    saveConfig: z.object({ config: z.unknown(), baseVersion: version }).strict(),
    restoreConfig: z.object({ version: version.min(1), baseVersion: version }).strict(),
    history: z.object({ before: version.optional(), limit: z.number().int().min(1).max(25).optional() }).strict(),
    simulate: z
      .object({ config: z.unknown().optional(), policyId: text, priority: text, tier: text, createdAt: instant })
      .strict(),
    startRecompute: none,
    getJob: none,
    lookups: none,
    findGroups: z.object({ query: text }).strict(),
    findUsers: z.object({ query: text }).strict(),
    people: z.object({ accountIds: z.array(text).max(50, 'at most 50 at a time') }).strict(),
  },
  report: {
    breaches: z
      .object({ filters: ReportFiltersSchema.optional(), cursor: z.string().max(2000).optional(), pageSize: z.number().int().min(1).max(100).optional() })
      .strict(),
    compliance: z.object({ filters: ComplianceFiltersSchema.optional(), from: instant, to: instant, by: z.enum(['priority', 'tier', 'policy', 'agreement', 'assignee']).optional() }).strict(),
    complianceTrend: z.object({ filters: ComplianceFiltersSchema.optional(), timeZone: z.string().max(64), months: z.number().int().min(1).max(24).optional() }).strict(),
    complianceRestatements: none,
    restateCompliance: z.object({ from: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }), to: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }), reason }).strict(),
    filterOptions: none,
    escalationLog: z.object({ failedOnly: z.boolean().optional() }).strict(),
    findPeople: z.object({ query: text }).strict(),
    agreements: none,
    statement: z.object({ agreement: id, period: periodId, version: version.min(1).optional() }).strict(),
    statementLines: z
      .object({
        agreement: id,
        period: periodId,
        /** 0: the open period's forecast. */
        version,
        level: id.optional(),
        cls: z.enum(['counted', 'excluded', 'running', 'counted-earlier']).optional(),
        met: z.boolean().optional(),
        cursor: z.string().max(2000).optional(),
      })
      .strict(),
    exclusions: z.object({ agreement: id }).strict(),
    excludeCycle: z.object({ agreement: id, cycleKey, reason }).strict(),
    removeExclusion: z.object({ agreement: id, cycleKey, reason }).strict(),
    restate: z.object({ agreement: id, period: periodId, reason }).strict(),
  },
} as const;

export interface Lookups {
  projects: { key: string; name: string }[];
  issueTypes: string[];
  priorities: string[];
  statuses: string[];
  /** Custom fields by id and name, for the rules and scopes that name one. */
  customFields: { id: string; name: string }[];
}

/** Resolver name → the type of its answer, per module. */
export interface Answers {
  panel: {
    getSla: PanelView;
  };
  admin: {
    getConfig: ConfigVersion;
    getSchema: unknown;
    validateConfig: ConfigResult;
    saveConfig: SaveResult;
    restoreConfig: SaveResult;
    history: ConfigVersion[];
    simulate: SimulationAnswer;
    startRecompute: JobView | null;
    getJob: JobView | null;
    lookups: Lookups;
    findGroups: string[];
    findUsers: { accountId: string; displayName: string }[];
    people: { accountId: string; displayName: string }[];
  };
  report: {
    breaches: BreachesPage;
    compliance: ComplianceReport;
    complianceTrend: { metrics: Record<string, { name: string; internal: boolean; months: TrendMonth[] }> };
    complianceRestatements: Restatement[];
    restateCompliance: Restatement;
    filterOptions: FilterOptions;
    escalationLog: EscalationLogRow[];
    findPeople: { accountId: string; displayName: string }[];
    agreements: { agreements: AgreementSummary[]; canAdmin: boolean };
    statement: StatementDetail;
    statementLines: LinesPage;
    exclusions: Exclusion[];
    excludeCycle: Exclusion;
    removeExclusion: Exclusion;
    restate: StatementJobView;
  };
}

export type Module = keyof typeof PAYLOADS;
export type ResolverName<M extends Module> = keyof (typeof PAYLOADS)[M] & keyof Answers[M] & string;
export type PayloadOf<M extends Module, K extends ResolverName<M>> = z.input<(typeof PAYLOADS)[M][K] & z.ZodType>;
export type AnswerOf<M extends Module, K extends ResolverName<M>> = Answers[M][K];

/** What went wrong, with the details each code carries. `unreachable` is the bridge's own. */
export type AnswerError =
  | { code: 'conflict'; message: string; details: { current: ConfigVersion } }
  | { code: 'invalid'; message: string; details: { errors: ConfigError[]; total: number } }
  | { code: 'job-running'; message: string; details: { job: JobView | null } }
  | { code: 'too-large'; message: string; details: { bytes: number; limit: number } }
  | { code: 'forbidden' | 'bad-request' | 'not-found' | 'not-saved' | 'jira' | 'internal' | 'unreachable'; message: string; details?: undefined };

export type ErrorCode = AnswerError['code'];

export type Answer<T> = { ok: true; value: T } | { ok: false; error: AnswerError };
