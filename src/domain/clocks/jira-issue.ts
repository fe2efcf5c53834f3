/**
 * The part of Jira's issue JSON (`GET /rest/api/3/issue/{key}?expand=changelog`, with `comment`
 * among the fields) that SLAs are computed from. Unknown fields are ignored; what is read is checked.
 */
import { z } from 'zod';
import { isSupportedInstant } from '../time/supported-range';

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
  // Read by character code, not by regular expression: every issue carries dozens of these dates,
  // and this is the hot path of reading Jira's JSON.
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== T || text.charCodeAt(13) !== COLON) return undefined;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digits(text, at + 1, 2);
    if (second < 0) return undefined;
    at += 3;
    if (text.charCodeAt(at) === DOT) {
      const start = ++at;
      while (at < text.length && isDigit(text.charCodeAt(at))) at++;
      const length = at - start;
      if (length < 1 || length > 9) return undefined;
      // Milliseconds: the first three digits of the fraction; the rest is below a millisecond.
      const kept = Math.min(length, 3);
      millis = digits(text, start, kept) * 10 ** (3 - kept);
    }
  }
  let offset = 0;
  const sign = text.charCodeAt(at);
  if (sign === Z) {
    if (at + 1 !== text.length) return undefined;
  } else if (sign === PLUS || sign === MINUS) {
    const offsetHours = digits(text, at + 1, 2);
    const colon = text.charCodeAt(at + 3) === COLON ? 1 : 0;
    const offsetMinutes = digits(text, at + 3 + colon, 2);
    if (offsetHours < 0 || offsetMinutes < 0 || at + 5 + colon !== text.length || offsetHours > 23 || offsetMinutes > 59) return undefined;
    offset = (sign === MINUS ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  } else return undefined;
  if (!isDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

const [DASH, T, COLON, DOT, Z, PLUS, MINUS, ZERO] = ['-', 'T', ':', '.', 'Z', '+', '-', '0'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number, number, number];
const isDigit = (code: number) => code >= ZERO && code <= ZERO + 9;

/** The number written by `length` decimal digits at `from`; -1 when one of them is not a digit. */
function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - ZERO;
  }
  return value;
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
