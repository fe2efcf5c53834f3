import { checkFields, jqlDate, JqlError, matchesJql, parseJql, sortByJql, type JqlContext } from './jql';

interface Row {
  key: string;
  status: string;
  due: number | null;
  labels: string[];
}

const rows: Row[] = [
  { key: 'A-1', status: 'Open', due: Date.parse('2026-11-20T00:00:00Z'), labels: ['vip'] },
  { key: 'A-2', status: 'Done', due: null, labels: [] },
  { key: 'A-10', status: 'In Progress', due: Date.parse('2026-12-05T00:00:00Z'), labels: ['vip', 'eu'] },
];

const context: JqlContext<Row> = {
  now: Date.parse('2026-11-24T00:00:00Z'),
  currentUser: null,
  knows: (name) => ['key', 'status', 'due', 'labels'].includes(name),
  field: (row, name) =>
    name === 'due' ? { value: row.due, type: { kind: 'date' } } : { value: (row as unknown as Record<string, string | string[]>)[name] as string, type: { kind: 'text' } },
};

const run = (jql: string) => {
  const query = parseJql(jql);
  checkFields(query, context);
  return sortByJql(rows.filter((row) => matchesJql(query.where, row, context)), query.orderBy, context).map((row) => row.key);
};

describe('JQL', () => {
  it('compares text case-insensitively and dates as instants', () => {
    expect(run('status = "open"')).toEqual(['A-1']);
    expect(run('due < "2026-12-01"')).toEqual(['A-1']);
    expect(run('due <= now()')).toEqual(['A-1']);
    expect(run('due > -1d')).toEqual(['A-10']);
  });

  it('gives AND precedence over OR, and honours parentheses and NOT', () => {
    expect(run('status = Done OR status = Open AND labels = vip ORDER BY key')).toEqual(['A-1', 'A-2']);
    expect(run('(status = Done OR status = Open) AND labels = vip')).toEqual(['A-1']);
    expect(run('NOT status = Done ORDER BY key DESC')).toEqual(['A-10', 'A-1']);
  });

  it('supports IN, NOT IN, IS EMPTY and multi-valued fields', () => {
    expect(run('status IN (Open, "In Progress") ORDER BY key')).toEqual(['A-1', 'A-10']);
    expect(run('status NOT IN (Open)')).toEqual(expect.arrayContaining(['A-2', 'A-10']));
    expect(run('due IS EMPTY')).toEqual(['A-2']);
    expect(run('labels = eu')).toEqual(['A-10']);
  });

  it('sorts keys numerically and puts missing values last', () => {
    expect(run('status != Nope ORDER BY key ASC')).toEqual(['A-1', 'A-2', 'A-10']);
    expect(run('status != Nope ORDER BY due ASC')).toEqual(['A-1', 'A-10', 'A-2']);
  });

  it.each([
    ['status = ', /a value is missing/],
    ['status Open', /expected an operator/],
    ['(status = Open', /expected "\)"/],
    ['colour = red', /Field 'colour' does not exist/],
    ['due < "someday"', /Date value 'someday' is invalid/],
    ['status = Open ORDER BY', /ORDER BY needs a field/],
  ])('refuses %j', (jql, message) => {
    expect(() => run(jql)).toThrow(JqlError);
    expect(() => run(jql)).toThrow(message);
  });

  it('reads Jira date literals', () => {
    expect(jqlDate('2026-12-01 10:30', 0)).toBe(Date.parse('2026-12-01T10:30:00Z'));
    expect(jqlDate('2026/12/01', 0)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(jqlDate('-5m', 600_000)).toBe(300_000);
  });
});
