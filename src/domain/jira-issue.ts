/**
 * The part of Jira's issue JSON (`GET /rest/api/3/issue/{key}?expand=changelog`, with `comment`
 * among the fields) that SLAs are computed from. Unknown fields are ignored; what is read is checked.
 */
import { z } from 'zod';
import { isSupportedInstant } from './supported-range';

const JIRA_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/;

/** Parses Jira's `2026-11-20T16:00:00.000+0100` (and ISO 8601 with `Z` or `+01:00`) to epoch ms. */
export function parseJiraDate(text: string): number | undefined {
  const match = JIRA_DATE.exec(text);
  if (!match || !isCalendarDateTime(match[1]!)) return undefined;
  const zone = match[2]!;
  const instant = Date.parse(match[1]! + (zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`));
  return Number.isNaN(instant) ? undefined : instant;
}

/**
 * Whether `YYYY-MM-DD` (with an optional `THH:MM[:SS]`) names a real date and time: `Date.parse`
 * rolls `2026-02-30` over into March, which no clock should read as a date someone meant.
 */
export function isCalendarDateTime(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second
  );
}

const JiraDate = z.string().transform((text, ctx) => {
  const instant = parseJiraDate(text);
  if (instant === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a Jira date such as 2026-11-20T16:00:00.000+0100` });
    return z.NEVER;
  }
  if (!isSupportedInstant(instant)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is outside the supported range 2000-01-01 to 2099-12-31` });
    return z.NEVER;
  }
  return instant;
});

const User = z.object({ accountId: z.string(), displayName: z.string().optional(), accountType: z.string().optional() });
const Named = z.object({ name: z.string() });

// A change item may leave out `toString`, and then every object's inherited toString() would be
// read in its place: parse a copy without a prototype, and give the result all six fields as its own.
const ownFieldsOnly = (value: unknown) => (value && typeof value === 'object' ? Object.assign(Object.create(null) as object, value) : value);
const own = <T extends object, K extends keyof T>(item: T, key: K) => (Object.hasOwn(item, key) ? (item[key] ?? null) : null);

const ChangeItem = z.preprocess(
  ownFieldsOnly,
  z
    .object({
      field: z.string(),
      fieldId: z.string().optional(),
      from: z.string().nullish(),
      fromString: z.string().nullish(),
      to: z.string().nullish(),
      toString: z.string().nullish(),
    })
    .transform((item) => ({
      field: item.field,
      fieldId: item.fieldId,
      from: own(item, 'from'),
      fromString: own(item, 'fromString'),
      to: own(item, 'to'),
      toString: own(item, 'toString'),
    })),
);

const History = z.object({ id: z.string(), created: JiraDate, author: User.nullish(), items: z.array(ChangeItem) });

const Comment = z.object({
  id: z.string(),
  created: JiraDate,
  author: User.nullish(),
  /** Set by Jira Service Management: `false` for internal notes. */
  jsdPublic: z.boolean().optional(),
});

export const JiraIssueSchema = z.object({
  id: z.string().optional(),
  key: z.string().min(1),
  fields: z.object({
    summary: z.string().optional(),
    created: JiraDate,
    /** When anything of the issue last changed: what a stored record was computed from. */
    updated: JiraDate.optional(),
    project: z.object({ key: z.string() }),
    issuetype: Named,
    priority: Named.nullish(),
    status: Named,
    resolution: Named.nullish(),
    reporter: User.nullish(),
    assignee: User.nullish(),
    comment: z.object({ comments: z.array(Comment) }).optional(),
  }),
  changelog: z.object({ histories: z.array(History) }).optional(),
});

export type JiraIssue = z.infer<typeof JiraIssueSchema>;
export type JiraHistory = z.infer<typeof History>;
export type JiraComment = z.infer<typeof Comment>;
