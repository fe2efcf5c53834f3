/** Pieces every version of the config document is made of: ids, durations, calendars. */
import { z } from 'zod';
import { parseDuration } from '../time/duration';
import { isValidTimeZone } from '../time/time-zone';
import { weeklyProblems, WEEKDAYS, type Weekday } from '../time/weekly-hours';

/** More metrics than this in one policy is a mistake, and each costs every evaluation. */
export const MAX_METRICS = 12;

export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-"');

const durationIssue = (text: string): string | undefined => {
  const parsed = parseDuration(text);
  if (!parsed.ok) return parsed.reason;
  return parsed.ms <= 0 ? `"${text}" must be longer than zero` : undefined;
};

export const Duration = z
  .string()
  .superRefine((text, ctx) => {
    const message = durationIssue(text);
    if (message) ctx.addIssue({ code: 'custom', message });
  })
  .meta({ description: 'Working time: "30m", "4h", "1h 30m", or ISO 8601 such as "PT1H30M". No days.', examples: ['30m', '1h 30m', 'PT4H'] });

/** No target: the metric does not run against a target for that priority and tier. */
/** The row of a target matrix for every priority without its own row (and for no priority). */
export const ANY_PRIORITY = '*';

export const NO_TARGET = 'none';

export const TargetValue = z
  .string()
  .superRefine((text, ctx) => {
    const message = text === NO_TARGET ? undefined : durationIssue(text);
    if (message) ctx.addIssue({ code: 'custom', message });
  })
  .meta({ description: 'Working time such as "30m", "1h 30m" or "PT4H" (no days), or "none" for no target.', examples: ['30m', 'none'] });

const LocalDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

const Weekly = z
  .union([
    z.literal('24x7'),
    z.strictObject(
      Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(z.string()).optional()])) as Record<
        Weekday,
        z.ZodOptional<z.ZodArray<z.ZodString>>
      >,
    ),
  ])
  .superRefine((weekly, ctx) => {
    for (const problem of weeklyProblems(weekly)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.reason });
  })
  .meta({
    description:
      '"24x7", or per weekday (mon..sun) a list of "HH:MM-HH:MM" intervals; 24:00 may end one; an end before the start runs overnight into the next day.',
  });

export const CalendarSchema = z.strictObject({
  id: Id,
  name: z.string().optional(),
  timeZone: z.string().refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known IANA time zone` }),
  weekly: Weekly,
  holidays: z.array(z.strictObject({ date: LocalDate, name: z.string().optional() })).optional(),
});

