import { SHIPPED_HOLIDAY_DATA, holidayDataDays } from './holiday-data';

export interface CalendarDay {
  /** YYYY-MM-DD in city time. */
  date: string;
  working: boolean;
  name?: string;
}

export interface WorkingHours {
  /** 'HH:MM' in city time. */
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '08:30', end: '17:30' };

export interface WorkingCalendarOptions {
  /** The city's offset from UTC. Fixed, because China has no daylight saving time. */
  utcOffsetMinutes?: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Working days and deadlines in city time. Days are handled as integers (days since 1970-01-01 in city time) so
 * that the hot paths are a Map lookup and some arithmetic; instants stay JS Dates (UTC) at the edges.
 *
 * A day is working if the exceptions say so, otherwise if it is Monday to Friday. Exceptions come from the State
 * Council notice (shipped in holidays.data.json) and from admins; later entries win, so admin overrides can be
 * layered after the shipped days. Years without exceptions fall back to Monday to Friday.
 */
export class WorkingCalendar {
  private readonly exceptions = new Map<number, CalendarDay>();
  private readonly offsetMs: number;

  constructor(exceptions: Iterable<CalendarDay>, opts: WorkingCalendarOptions = {}) {
    const offset = opts.utcOffsetMinutes ?? 480;
    if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) throw new RangeError(`Invalid UTC offset: ${offset} minutes`);
    this.offsetMs = offset * MINUTE_MS;
    for (const day of exceptions) {
      if (typeof day.working !== 'boolean') throw new TypeError(`Calendar day ${day.date} has no working flag`);
      // A copy, so that a caller editing its rows later cannot change deadlines behind the calendar's back.
      const copy: CalendarDay = { date: day.date, working: day.working };
      if (day.name) copy.name = day.name;
      this.exceptions.set(parseDay(day.date), copy);
    }
  }

  static fromShippedData(opts?: WorkingCalendarOptions): WorkingCalendar {
    return new WorkingCalendar(holidayDataDays(SHIPPED_HOLIDAY_DATA), opts);
  }

  isWorkingDay(date: string): boolean {
    return this.working(parseDay(date));
  }

  /** The exception for a date if there is one (with its name, e.g. 春节 or 春节调休), else the weekday rule. */
  describe(date: string): CalendarDay {
    const day = parseDay(date);
    const exception = this.exceptions.get(day);
    return exception ? { ...exception } : { date: formatDay(day), working: this.working(day) };
  }

  dayOf(instant: Date): string {
    return formatDay(this.localDay(instant));
  }

  nextWorkingDay(date: string): string {
    return formatDay(this.next(parseDay(date)));
  }

  previousWorkingDay(date: string): string {
    return formatDay(this.previous(parseDay(date)));
  }

  /**
   * The n-th working day strictly after `from`'s date, at `from`'s time of day. A start on a non-working day
   * therefore counts its first day on the next working day: Saturday 09:00 + 1 = Monday 09:00 (as DOMAIN.md
   * says), Friday 10:00 + 5 = next Friday 10:00. n = 0 returns `from` itself on a working day, else the next
   * working day at the same time, so the result always lands on a working day.
   */
  addWorkingDays(from: Date, n: number): Date {
    assertCount(n);
    const start = this.localDay(from);
    let day = start;
    if (n === 0) {
      if (!this.working(day)) day = this.next(day);
    } else {
      for (let i = 0; i < n; i++) day = this.next(day);
    }
    return new Date(from.getTime() + (day - start) * DAY_MS);
  }

  /** The mirror image of addWorkingDays: the n-th working day strictly before `from`'s date, same time of day. */
  subtractWorkingDays(from: Date, n: number): Date {
    assertCount(n);
    const start = this.localDay(from);
    let day = start;
    if (n === 0) {
      if (!this.working(day)) day = this.previous(day);
    } else {
      for (let i = 0; i < n; i++) day = this.previous(day);
    }
    return new Date(from.getTime() + (day - start) * DAY_MS);
  }

  /**
   * Counts only time inside working hours on working days. A start outside them (before opening, at or after
   * closing, on a non-working day) starts at the next opening. A deadline that uses up a day exactly ends at
   * closing time that day rather than at the next opening.
   */
  addWorkingHours(from: Date, hours: number, wh: WorkingHours = DEFAULT_WORKING_HOURS): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Invalid number of working hours: ${hours}`);
    const { open, close } = parseWorkingHours(wh);
    let day = this.localDay(from);
    let time = assertValid(from) + this.offsetMs - day * DAY_MS;
    if (!this.working(day) || time >= close) {
      day = this.next(day);
      time = open;
    } else if (time < open) {
      time = open;
    }
    let remaining = Math.round(hours * HOUR_MS);
    while (remaining > close - time) {
      remaining -= close - time;
      day = this.next(day);
      time = open;
    }
    return this.instant(day, time + remaining);
  }

  /** Elapsed time, for critical and urgent orders that run around the clock. */
  addClockHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours)) throw new RangeError(`Invalid number of hours: ${hours}`);
    return new Date(assertValid(from) + Math.round(hours * HOUR_MS));
  }

  /** Opening time on the given date. Does not check that the date is a working day. */
  startOfWorkingDay(date: string, wh: WorkingHours = DEFAULT_WORKING_HOURS): Date {
    return this.instant(parseDay(date), parseWorkingHours(wh).open);
  }

  /**
   * Working days from a's date (exclusive) to b's date (inclusive): a return requested on the second working day
   * after dispatch gives 2. Same date gives 0; b before a gives the negated count from b to a.
   */
  workingDaysBetween(a: Date, b: Date): number {
    const from = this.localDay(a);
    const to = this.localDay(b);
    if (to < from) return -this.countWorking(to, from);
    return this.countWorking(from, to);
  }

  private countWorking(fromExclusive: number, toInclusive: number): number {
    let count = 0;
    for (let day = fromExclusive + 1; day <= toInclusive; day++) if (this.working(day)) count++;
    return count;
  }

  private working(day: number): boolean {
    const exception = this.exceptions.get(day);
    if (exception) return exception.working;
    // 1970-01-01 was a Thursday; ((x % 7) + 7) % 7 keeps days before 1970 in range.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  }

  // The exceptions are finite and every Monday to Friday outside them is working, so these loops end.
  private next(day: number): number {
    do day++;
    while (!this.working(day));
    return day;
  }

  private previous(day: number): number {
    do day--;
    while (!this.working(day));
    return day;
  }

  private localDay(instant: Date): number {
    return Math.floor((assertValid(instant) + this.offsetMs) / DAY_MS);
  }

  private instant(day: number, timeOfDayMs: number): Date {
    return new Date(day * DAY_MS + timeOfDayMs - this.offsetMs);
  }
}

function assertValid(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid number of working days: ${n}`);
}

function digits(s: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    value = value * 10 + c;
  }
  return value;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** 'YYYY-MM-DD' to days since 1970-01-01, without the allocations of a regex or a Date. */
function parseDay(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date[4] !== '-' || date[7] !== '-') {
    throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${date}`);
  }
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  const length = m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
  if (!(d >= 1 && d <= length)) throw new RangeError(`Invalid date: ${date}`);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parseTime(hhmm: string): number {
  const h = hhmm.length === 5 && hhmm[2] === ':' ? digits(hhmm, 0, 2) : NaN;
  const m = digits(hhmm, 3, 5);
  if (!(h >= 0 && h <= 24 && m >= 0 && m < 60) || h * 60 + m > 24 * 60) throw new RangeError(`Invalid time (expected HH:MM): ${hhmm}`);
  return (h * 60 + m) * MINUTE_MS;
}

function parseWorkingHours(wh: WorkingHours): { open: number; close: number } {
  const open = parseTime(wh.start);
  const close = parseTime(wh.end);
  if (open >= close) throw new RangeError(`Working hours must open before they close: ${wh.start}-${wh.end}`);
  return { open, close };
}
