/** Calendars: time zone, weekly hours (several intervals a day, or around the clock), holidays with .ics import. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { ConfigError } from '../../src/domain/config/paths';
import { holidaysFromIcs } from '../../src/domain/time/holidays-ics';
import { WEEKDAYS } from '../../src/domain/time/weekly-hours';
import { edit, errorAt, newCalendar, type Draft } from './draft';
import { card, listText, parseListText, row, SinglePicker, TextField } from './fields';

const DAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const ORDER = [...WEEKDAYS.slice(1), WEEKDAYS[0]];
const ZONES = Intl.supportedValuesOf('timeZone').map((zone) => ({ label: zone, value: zone }));
ZONES.unshift({ label: 'UTC', value: 'UTC' });

type Props = { draft: Draft; errors: readonly ConfigError[]; onChange: (draft: Draft) => void };

export function CalendarsTab({ draft, errors, onChange }: Props) {
  return (
    <div style={{ display: 'grid', gap: token('space.200') }}>
      {draft.calendars.map((calendar, index) => (
        <CalendarCard key={index} index={index} draft={draft} errors={errors} onChange={onChange} calendar={calendar} />
      ))}
      <div>
        <Button onClick={() => onChange(edit(draft, (copy) => copy.calendars.push(newCalendar(copy))))}>Add calendar</Button>
      </div>
    </div>
  );
}

type CalendarDraft = Draft['calendars'][number];
type ChangeCalendar = (fn: (c: CalendarDraft) => void) => void;

function CalendarCard({ index, draft, errors, onChange, calendar }: Props & { index: number; calendar: CalendarDraft }) {
  const at = `calendars[${index}]`;
  const change: ChangeCalendar = (fn) => onChange(edit(draft, (copy) => fn(copy.calendars[index]!)));
  return (
    <section style={card} aria-label={`Calendar ${calendar.name ?? calendar.id}`}>
      <div style={{ ...row, justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0, font: token('font.heading.small') }}>{calendar.name ?? calendar.id}</h3>
        <Button appearance="subtle" onClick={() => window.confirm(`Remove the calendar ${calendar.name ?? calendar.id}? Policies and targets that name it become errors to fix.`) && onChange(edit(draft, (copy) => copy.calendars.splice(index, 1)))}>
          Remove
        </Button>
      </div>
      <div style={row}>
        <TextField label="Name" value={calendar.name ?? ''} onChange={(value) => change((c) => (c.name = value))} error={errorAt(errors, `${at}.name`)} />
        <TextField label="Id" value={calendar.id} onChange={(value) => change((c) => (c.id = value))} error={errorAt(errors, `${at}.id`)} width={180} />
        <div style={{ minWidth: 260 }}>
          <SinglePicker label="Time zone" options={ZONES} value={calendar.timeZone} onChange={(value) => change((c) => (c.timeZone = value))} error={errorAt(errors, `${at}.timeZone`)} />
        </div>
      </div>
      <WeeklyHours calendar={calendar} errors={errors} at={at} change={change} />
      <Holidays calendar={calendar} errors={errors} at={at} change={change} />
    </section>
  );
}

/** The weekly hours, day by day, or around the clock; turning 24x7 off gives back the hours it had. */
function WeeklyHours({ calendar, errors, at, change }: { calendar: CalendarDraft; errors: readonly ConfigError[]; at: string; change: ChangeCalendar }) {
  const allDay = calendar.weekly === '24x7';
  const [hoursBefore, setHoursBefore] = useState<Exclude<CalendarDraft['weekly'], '24x7'>>({ mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] });
  return (
    <>
      <label style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
        <input type="checkbox" checked={allDay} onChange={(event) => {
            if (event.target.checked && calendar.weekly !== '24x7') setHoursBefore(structuredClone(calendar.weekly));
            change((c) => (c.weekly = event.target.checked ? '24x7' : structuredClone(hoursBefore)));
          }} />
        Around the clock (24x7)
      </label>
      {allDay ? null : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: token('space.100') }}>
          {ORDER.map((day) => (
            <TextField
              key={day}
              label={`${DAY_NAMES[day]} (e.g. 09:00-12:30, 13:30-18:00)`}
              value={listText(typeof calendar.weekly === 'object' ? calendar.weekly[day] : undefined)}
              placeholder="closed"
              onChange={(value) =>
                change((c) => {
                  if (typeof c.weekly !== 'object') return;
                  const intervals = parseListText(value);
                  if (intervals.length) c.weekly[day] = intervals;
                  else delete c.weekly[day];
                })
              }
              error={errorAt(errors, `${at}.weekly.${day}`, true) ?? (day === 'mon' ? errorAt(errors, `${at}.weekly`) : undefined)}
            />
          ))}
        </div>
      )}
    </>
  );
}

/** The calendar's holidays: listed, added one by one, or imported from an `.ics` file. */
function Holidays({ calendar, errors, at, change }: { calendar: CalendarDraft; errors: readonly ConfigError[]; at: string; change: ChangeCalendar }) {
  const [holiday, setHoliday] = useState({ date: '', name: '' });
  const [importNote, setImportNote] = useState('');
  const importIcs = async (file: File) => {
    try {
      const year = new Date().getUTCFullYear();
      const { holidays, skipped } = holidaysFromIcs(await file.text(), { from: `${year - 1}-01-01`, to: `${year + 3}-12-31` });
      change((c) => {
        const known = new Set((c.holidays ?? []).map((h) => h.date));
        c.holidays = [...(c.holidays ?? []), ...holidays.filter((h) => !known.has(h.date))].sort((a, b) => a.date.localeCompare(b.date));
      });
      setImportNote(`Imported ${holidays.length} holidays from ${file.name}${skipped.length ? `; skipped ${skipped.length} timed events` : ''}`);
    } catch (error) {
      setImportNote((error as Error).message);
    }
  };
  return (
    <div>
      <h4 style={{ margin: `0 0 ${token('space.050')}`, font: token('font.heading.xsmall') }}>Holidays ({calendar.holidays?.length ?? 0})</h4>
      <ul style={{ margin: 0, paddingLeft: token('space.200'), maxHeight: 160, overflow: 'auto' }}>
        {(calendar.holidays ?? []).map((h, i) => (
          <li key={`${h.date}-${i}`}>
            {h.date} {h.name ?? ''}{' '}
            <Button appearance="subtle" spacing="compact" onClick={() => change((c) => c.holidays!.splice(i, 1))}>
              Remove
            </Button>
            {errorAt(errors, `${at}.holidays[${i}]`, true) ? <span style={{ color: token('color.text.danger') }}> {errorAt(errors, `${at}.holidays[${i}]`, true)}</span> : null}
          </li>
        ))}
      </ul>
      <div style={{ ...row, marginTop: token('space.100') }}>
        <TextField label="Date" type="date" value={holiday.date} onChange={(date) => setHoliday({ ...holiday, date })} width={170} />
        <TextField label="Name" value={holiday.name} onChange={(name) => setHoliday({ ...holiday, name })} />
        <Button
          isDisabled={!holiday.date}
          onClick={() => {
            change((c) => (c.holidays = [...(c.holidays ?? []), { date: holiday.date, ...(holiday.name ? { name: holiday.name } : {}) }].sort((a, b) => a.date.localeCompare(b.date))));
            setHoliday({ date: '', name: '' });
          }}
        >
          Add holiday
        </Button>
        <label style={{ font: token('font.body.small') }}>
          Import .ics{' '}
          <input type="file" accept=".ics,text/calendar" onChange={(event) => event.target.files?.[0] && void importIcs(event.target.files[0])} />
        </label>
      </div>
      {importNote ? <p role="status">{importNote}</p> : null}
    </div>
  );
}
