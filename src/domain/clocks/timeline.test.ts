import fc from 'fast-check';
import { issue } from '../../../test/support/issue-builder';
import { JiraIssueSchema, parseJiraDate } from './jira-issue';
import { buildTimeline } from './timeline';

describe('parseJiraDate', () => {
  it.each([
    ['2026-11-20T16:00:00.000+0100', '2026-11-20T15:00:00.000Z'],
    ['2026-11-20T16:00:00.000+05:30', '2026-11-20T10:30:00.000Z'],
    ['2026-11-20T16:00:00Z', '2026-11-20T16:00:00.000Z'],
    ['2026-11-20T16:00-0330', '2026-11-20T19:30:00.000Z'],
  ])('reads %s', (text, expected) => expect(new Date(parseJiraDate(text)!).toISOString()).toBe(expected));

  it.each(['2026-11-20', '2026-11-20T16:00:00', 'yesterday', '2026-13-40T16:00:00Z', '2026-02-30T10:00:00Z', '2026-99-99T00:00:00Z', '2026-11-20T24:30:00Z'])('refuses %s', (text) => {
    expect(parseJiraDate(text)).toBeUndefined();
  });

  it('reads exactly what the documented pattern describes (fast-check against a regular expression)', () => {
    const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
    const reference = (text: string): number | undefined => {
      const match = PATTERN.exec(text);
      if (!match) return undefined;
      const [y, mo, d, h, mi] = [+match[1]!, +match[2]!, +match[3]!, +match[4]!, +match[5]!];
      const sec = match[6] === undefined ? 0 : +match[6];
      const days = [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]! || h > 23 || mi > 59 || sec > 59) return undefined;
      const oh = match[8] ? 0 : +match[10]!;
      const om = match[8] ? 0 : +match[11]!;
      if (oh > 23 || om > 59) return undefined;
      const ms = match[7] === undefined ? 0 : Math.floor(+`0.${match[7]}` * 1000 + 1e-9);
      return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - (match[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    };
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const part = (options: string[]) => fc.constantFrom(...options);
    const dateLike = fc
      .tuple(digits(4), part(['-', '/']), digits(2), part(['-']), digits(2), part(['T', ' ']), digits(2), part([':']), digits(2), part(['', ':00', ':59', ':60', ':07.1', ':07.123', ':07.123456789', ':07.1234567890', ':07.']), part(['Z', '+0100', '-03:30', '+2400', '+01:60', '', 'z', '+01', '+0100Z']))
      .map((parts) => parts.join(''));
    fc.assert(fc.property(fc.oneof(dateLike, fc.string()), (text) => expect(parseJiraDate(text)).toBe(reference(text))), { numRuns: 3000 });
  });

  it('refuses, in an issue, an instant outside 2000-2099 with a clear reason', () => {
    const json = issue({ created: '2026-11-20T16:00:00+01:00' }).json() as { fields: { created: string } };
    json.fields.created = '1026-11-20T16:00:00.000+0100';
    const parsed = JiraIssueSchema.safeParse(json);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe('"1026-11-20T16:00:00.000+0100" is outside the supported range 2000-01-01 to 2099-12-31');
  });
});

describe('buildTimeline', () => {
  it('recovers the state at creation from the first change of each field', () => {
    const json = issue({ created: '2026-11-23T09:00:00Z', priority: 'Low', status: 'Open' })
      .priority('2026-11-23T10:00:00Z', 'High')
      .status('2026-11-23T11:00:00Z', 'In Progress')
      .resolve('2026-11-23T12:00:00Z')
      .json();
    const timeline = buildTimeline(JiraIssueSchema.parse(json));
    expect(timeline.initial).toEqual({ status: 'Open', priority: 'Low', resolution: null, reporter: 'customer-1', assignee: null });
    expect(timeline.current).toEqual({ status: 'Done', priority: 'High', resolution: 'Done', reporter: 'customer-1', assignee: null });
    expect(timeline.events.map((e) => e.kind)).toEqual(['priority', 'status', 'resolution', 'status']);
  });

  it('sorts histories Jira returned out of order, keeping changes before comments at the same instant', () => {
    const json = issue({ created: '2026-11-23T09:00:00Z' })
      .status('2026-11-23T10:00:00Z', 'In Progress')
      .comment('2026-11-23T11:00:00Z')
      .resolve('2026-11-23T11:00:00Z')
      .json() as { changelog: { histories: unknown[] } };
    json.changelog.histories.reverse();
    const timeline = buildTimeline(JiraIssueSchema.parse(json));
    expect(timeline.events.map((e) => `${e.at} ${e.kind}`)).toEqual([
      `${Date.parse('2026-11-23T10:00:00Z')} status`,
      `${Date.parse('2026-11-23T11:00:00Z')} resolution`,
      `${Date.parse('2026-11-23T11:00:00Z')} status`,
      `${Date.parse('2026-11-23T11:00:00Z')} comment`,
    ]);
  });

  it('counts each history once however the reads overlapped and whatever order they came in (fast-check)', () => {
    const json = issue({ created: '2026-11-23T09:00:00Z' })
      .status('2026-11-23T10:00:00Z', 'In Progress')
      .status('2026-11-23T10:00:00Z', 'Waiting for customer')
      .status('2026-11-23T12:00:00Z', 'In Progress')
      .resolve('2026-11-23T13:00:00Z')
      .json() as { changelog: { histories: unknown[] } };
    const once = buildTimeline(JiraIssueSchema.parse(json)).events;
    const histories = json.changelog.histories;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: histories.length - 1 }), { maxLength: 12 }), fc.infiniteStream(fc.double()), (repeats, order) => {
        const read = [...histories, ...repeats.map((i) => histories[i])];
        const shuffled = read.map((history) => ({ history, key: order.next().value })).sort((a, b) => a.key - b.key).map(({ history }) => history);
        expect(buildTimeline(JiraIssueSchema.parse({ ...json, changelog: { histories: shuffled } })).events).toEqual(once);
      }),
    );
  });

  it('merges comments fetched separately with the embedded ones, once each', () => {
    const parsed = JiraIssueSchema.parse(issue({ created: '2026-11-23T09:00:00Z' }).comment('2026-11-23T10:00:00Z').json());
    const extra = [...parsed.fields.comment!.comments, { id: '99', created: Date.parse('2026-11-23T12:00:00Z'), author: { accountId: 'x' } }];
    expect(buildTimeline(parsed, extra).events.filter((e) => e.kind === 'comment')).toHaveLength(2);
  });

  it('reads a change whose "to" and "toString" Jira left out as cleared', () => {
    const json = issue({ created: '2026-11-23T09:00:00Z' }).resolve('2026-11-23T10:00:00Z').reopen('2026-11-23T11:00:00Z').json() as any;
    const cleared = json.changelog.histories[1].items[0];
    delete cleared.to;
    delete cleared.toString;
    const timeline = buildTimeline(JiraIssueSchema.parse(json));
    expect(timeline.events.filter((e) => e.kind === 'resolution').map((e) => (e as { to: string | null }).to)).toEqual(['Done', null]);
  });

  it('refuses a change whose "toString" is not text, naming where', () => {
    const json = issue({ created: '2026-11-23T09:00:00Z' }).resolve('2026-11-23T10:00:00Z').json() as any;
    json.changelog.histories[0].items[0].toString = 42;
    const result = JiraIssueSchema.safeParse(json);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['changelog.histories.0.items.0.toString']);
  });

  it('names the field of a malformed issue', () => {
    const result = JiraIssueSchema.safeParse({ key: 'SUP-1', fields: { created: 'soon' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain('fields.created');
  });
});
