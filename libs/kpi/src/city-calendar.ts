/**
 * City dates ('YYYY-MM-DD') in the city's time zone (CITY_TIMEZONE): every KPI is attributed to the
 * city date of its event, so an order received at 00:30 on 1 February in Shanghai counts in February
 * even though it is still 31 January in UTC. Offsets are cached per hour, which makes a date a few
 * arithmetic steps: the recount turns millions of timestamps into dates.
 */
export class CityCalendar {
  private readonly parts: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** How far the city's wall clock is ahead of UTC at this instant, in milliseconds. */
  offsetMs(ms: number): number {
    const hour = Math.floor(ms / 3_600_000);
    let off = this.offsets.get(hour);
    if (off === undefined) {
      const at = hour * 3_600_000;
      const p = Object.fromEntries(this.parts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
      off = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - at;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(hour, off);
    }
    return off;
  }

  /** The city date of an instant. */
  day(at: Date): string {
    const ms = at.getTime();
    return new Date(ms + this.offsetMs(ms)).toISOString().slice(0, 10);
  }

  /** The instant a city date begins (local midnight). */
  startOf(day: string): Date {
    const wall = Date.parse(`${day}T00:00:00Z`);
    const guess = wall - this.offsetMs(wall);
    return new Date(wall - this.offsetMs(guess));
  }

  today(now: Date = new Date()): string {
    return this.day(now);
  }
}

// --- date arithmetic on 'YYYY-MM-DD' strings (calendar dates, no time zone) ---

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written as YYYY-MM-DD (2025-02-30 is not). */
export function isDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The first day of the bucket holding `day`; weeks start on Monday. */
export function bucketStart(day: string, bucket: Bucket): string {
  const d = new Date(`${day}T00:00:00Z`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (bucket) {
    case 'day':
      return day;
    case 'week':
      return addDays(day, -((d.getUTCDay() + 6) % 7));
    case 'month':
      return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    case 'quarter':
      return new Date(Date.UTC(y, m - (m % 3), 1)).toISOString().slice(0, 10);
    case 'year':
      return `${y}-01-01`;
  }
}

/** The first day of the bucket after the one starting at `start`. */
export function nextBucket(start: string, bucket: Bucket): string {
  const d = new Date(`${start}T00:00:00Z`);
  switch (bucket) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + 1);
      break;
    case 'quarter':
      d.setUTCMonth(d.getUTCMonth() + 3);
      break;
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + 1);
      break;
  }
  return d.toISOString().slice(0, 10);
}

/** How a bucket is named in tables: 2025-03-01, 2025-W10, 2025-03, 2025-Q1, 2025. */
export function bucketLabel(start: string, bucket: Bucket): string {
  switch (bucket) {
    case 'day':
      return start;
    case 'week': {
      // ISO week: the week belongs to the year of its Thursday.
      const thursday = new Date(`${addDays(start, 3)}T00:00:00Z`);
      const y = thursday.getUTCFullYear();
      const week = Math.floor(daysBetween(`${y}-01-01`, thursday.toISOString().slice(0, 10)) / 7) + 1;
      return `${y}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return start.slice(0, 7);
    case 'quarter':
      return `${start.slice(0, 4)}-Q${Math.floor(Number(start.slice(5, 7)) / 3) + 1}`;
    case 'year':
      return start.slice(0, 4);
  }
}
