/**
 * The part of Jira's issue JSON (`GET /rest/api/3/issue/{key}?expand=changelog`, with `comment`
 * among the fields) that SLAs are computed from. Unknown fields are ignored; what is read is checked.
 */
import { z } from 'zod';
import { isSupportedInstant } from './supported-range';

const JIRA_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `day` exists in `month` (1-12) of `year`. */
function isDay(year: number, month: number, day: number): boolean {
  const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/**
 * Parses Jira's `2026-11-20T16:00:00.000+0100` (and ISO 8601 with `Z` or `+01:00`) to epoch ms.
 * Only real dates and times: `Date.parse` would roll `2026-02-30` over into March.
 *
 * @example parseJiraDate('2026-11-20T16:00:00.000+0100') //=> Date.parse('2026-11-20T15:00:00Z')
 */
export function parseJiraDate(text: string): number | undefined {
  const match = JIRA_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = [+match[1]!, +match[2]!, +match[3]!, +match[4]!, +match[5]!];
  const second = match[6] === undefined ? 0 : +match[6];
  if (!isDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetHours = match[8] ? 0 : +match[10]!;
  const offsetMinutes = match[8] ? 0 : +match[11]!;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const millis = match[7] === undefined ? 0 : Math.floor(+`0.${match[7]}` * 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

/** Whether `YYYY-MM-DD` names a real date (`2026-02-30` does not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!match && isDay(+match[1]!, +match[2]!, +match[3]!);
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

const User = z.object({ accountId: z.string(), displayName: z.string().optional(), accountType: z.string().optional(), emailAddress: z.string().nullish() });
const Named = z.object({ name: z.string() });

// A change item may leave out `toString`, and then every object's inherited toString() would be
// read in its place: the schema leaves `toString` out, and it is read as an own property only.
const ChangeItem = z
  .looseObject({
    field: z.string(),
    fieldId: z.string().optional(),
    from: z.string().nullish(),
    fromString: z.string().nullish(),
    to: z.string().nullish(),
  })
  .transform((item, ctx) => {
    const text = Object.hasOwn(item, 'toString') ? (item as Record<string, unknown>).toString : null;
    if (text !== null && text !== undefined && typeof text !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['toString'], message: 'Invalid input: expected string' });
      return z.NEVER;
    }
    return { field: item.field, fieldId: item.fieldId, from: item.from ?? null, fromString: item.fromString ?? null, to: item.to ?? null, toString: (text as string | null | undefined) ?? null };
  });

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
  // Loose: custom fields (request type, organizations, the fields tiers and scopes name) are read by id.
  fields: z.looseObject({
    summary: z.string().optional(),
    created: JiraDate,
    /** When anything of the issue last changed: what a stored record was computed from. */
    updated: JiraDate.optional(),
    project: z.object({ key: z.string() }),
    issuetype: Named,
    priority: Named.nullish(),
    status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }),
    labels: z.array(z.string()).optional(),
    components: z.array(Named).optional(),
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
