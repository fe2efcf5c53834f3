/**
 * Time: durations, weekly hours, calendars and their holidays (also from `.ics`), time zones,
 * working time between instants and after an instant, the supported range of instants, and the
 * calendar periods (months, quarters) statements are written for. Imports no other room.
 */
export * from './duration';
export * from './supported-range';
export * from './weekly-hours';
export * from './time-zone';
export * from './calendar';
export * from './working-time';
export * from './holidays-ics';
export * from './period';
