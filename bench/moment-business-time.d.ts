// moment-business-time ships no types; these are the two methods the bench compares against.
import 'moment';

declare module 'moment' {
  interface Moment {
    addWorkingTime(amount: number, unit: 'hours' | 'minutes' | 'seconds'): Moment;
    workingDiff(other: Moment, unit: 'milliseconds' | 'hours'): number;
  }
}
