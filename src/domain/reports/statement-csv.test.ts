import { csvField, statementCsvRows } from './statement-csv';

describe('statement CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('-14.25')).toBe('-14.25');
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('writes one row per service level a cycle counts for, outcomes in words', () => {
    const rows = statementCsvRows('acme', '2026-07', [
      { issueKey: 'A-1', metric: 'response', priority: 'High', startedAt: 0, stoppedAt: 60_000, met: false, cls: 'excluded', levels: ['all', 'high'], exclusionReason: 'Customer, on holiday' },
      { issueKey: 'A-2', metric: 'response', priority: 'High', startedAt: 0, stoppedAt: 60_000, met: true, cls: 'counted', levels: ['all'] },
    ]);
    expect(rows.split('\r\n')).toEqual([
      'acme,2026-07,all,A-1,response,High,1970-01-01T00:00:00.000Z,1970-01-01T00:01:00.000Z,excluded,"Customer, on holiday"',
      'acme,2026-07,high,A-1,response,High,1970-01-01T00:00:00.000Z,1970-01-01T00:01:00.000Z,excluded,"Customer, on holiday"',
      'acme,2026-07,all,A-2,response,High,1970-01-01T00:00:00.000Z,1970-01-01T00:01:00.000Z,met,',
      '',
    ]);
  });
});
