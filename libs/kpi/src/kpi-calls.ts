import { callKpiSelect } from '@app/intake';
import { DataSource } from 'typeorm';
import { Bucket, CityCalendar, addDays, isDate } from './city-calendar';
import { DateRange } from './kpi-period';

/**
 * The phone KPIs' counts (offered, answered, answered within the limit) by row key. What counts is
 * callKpiSelect's (libs/intake, call-kpi.ts), the one definition; the KPI is numerator / denominator
 * of those counts (kpi-definitions.ts).
 *
 * A year of calls is too many rows to count per request, so settled days (SETTLE_DAYS or more before
 * today: no late CTI event expected) are counted once into kpi_call_daily, the first time a
 * table needs them, and summed from there; the last days are counted from call_record on each request.
 * The reconcile counts the settled days again and reports (or fixes) any difference.
 */
export const SETTLE_DAYS = 2;

export interface CallCounts {
  offered: number;
  answered: number;
  answeredWithin: number;
}

export type CallDimension = 'period' | 'hotline' | null;

const bucketKey = (column: string, bucket: Bucket) =>
  bucket === 'day' ? `${column}::text` : `date_trunc('${bucket}', ${column}::timestamp)::date::text`;

/**
 * call_record counted by callKpiSelect per city day and line, over [from, to) in one pass. Columns: day,
 * hotline_id, offered, answered, abandoned, answered_within. `$1` is the answer limit, `$2` the time zone.
 */
export function callDaysSelect(from: string, to: string): string {
  if (!isDate(from) || !isDate(to)) throw new Error(`callDaysSelect: not dates: ${from}, ${to}`);
  return `SELECT (c.started_at AT TIME ZONE $2::text)::date AS day, c.hotline_id, ${callKpiSelect('$1', 'c')}
    FROM call_record c
    WHERE c.started_at >= ('${from}'::date::timestamp AT TIME ZONE $2::text) AND c.started_at < ('${to}'::date::timestamp AT TIME ZONE $2::text)
    GROUP BY 1, 2`;
}

/** Counts days of call_record into kpi_call_daily (replacing what was there), with a marker row (hotline 0) per day. */
export async function countCallDays(ds: DataSource, days: string[], cal: CityCalendar, within: number): Promise<void> {
  if (!days.length) return;
  const sorted = [...days].sort();
  await ds.transaction(async (m) => {
    await m.query(`DELETE FROM kpi_call_daily WHERE day = ANY($1::date[])`, [sorted]);
    await m.query(
      `INSERT INTO kpi_call_daily (day, hotline_id, offered, answered, abandoned, answered_within, answer_within_seconds)
       SELECT k.day, k.hotline_id, k.offered, k.answered, k.abandoned, k.answered_within, $1::int
       FROM (${callDaysSelect(sorted[0], addDays(sorted[sorted.length - 1], 1))}) k WHERE k.day = ANY($3::date[])
       UNION ALL SELECT day, 0, 0, 0, 0, 0, $1::int FROM unnest($3::date[]) AS d(day)
       ON CONFLICT ON CONSTRAINT kpi_call_daily_pkey DO UPDATE SET offered = excluded.offered, answered = excluded.answered,
         abandoned = excluded.abandoned, answered_within = excluded.answered_within,
         answer_within_seconds = excluded.answer_within_seconds, computed_at = now()`,
      [within, cal.timeZone, sorted],
    );
  });
}

/** The settled days in [from, to) not yet counted (or counted with another answer limit). */
async function uncountedDays(ds: DataSource, from: string, to: string, within: number): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT d::date::text AS day FROM generate_series($1::date, $2::date - 1, interval '1 day') d
     WHERE NOT EXISTS (SELECT 1 FROM kpi_call_daily k WHERE k.day = d::date AND k.hotline_id = 0 AND k.answer_within_seconds = $3)`,
    [from, to, within],
  )) as { day: string }[];
  return rows.map((r) => r.day);
}

/** Counts by key ('' for the total row) for a range, cut by period or hotline, optionally one line only. */
export async function callCounts(
  ds: DataSource,
  cal: CityCalendar,
  dim: CallDimension,
  range: DateRange,
  hotlineId: number | null,
  within: number,
  today: string,
): Promise<Map<string, CallCounts>> {
  const out = new Map<string, CallCounts>();
  const add = (rows: Record<string, any>[]) => {
    for (const r of rows) {
      const key = r.overall ? '' : String(r.k);
      const c = out.get(key) ?? { offered: 0, answered: 0, answeredWithin: 0 };
      c.offered += Number(r.offered);
      c.answered += Number(r.answered);
      c.answeredWithin += Number(r.answered_within);
      out.set(key, c);
    }
  };
  const settledTo = [range.to, addDays(today, -SETTLE_DAYS + 1)].sort()[0];
  if (range.from < settledTo) {
    await countCallDays(ds, await uncountedDays(ds, range.from, settledTo, within), cal, within);
    const key = dim === 'period' ? bucketKey('k.day', range.bucket) : dim === 'hotline' ? 'k.hotline_id' : 'NULL::int';
    add(
      await ds.query(
        `SELECT ${key} AS k, grouping(${key}) = 1 AS overall, sum(offered) AS offered, sum(answered) AS answered,
           sum(answered_within) AS answered_within
         FROM kpi_call_daily k
         WHERE k.day >= $1::date AND k.day < $2::date AND k.hotline_id <> 0 AND ($3::int IS NULL OR k.hotline_id = $3)
         GROUP BY GROUPING SETS ((), (${key}))`,
        [range.from, settledTo, hotlineId],
      ),
    );
  }
  const rawFrom = [range.from, settledTo].sort()[1];
  if (rawFrom < range.to) {
    const params: unknown[] = [cal.startOf(rawFrom), cal.startOf(range.to), within, hotlineId];
    const key =
      dim === 'period'
        ? bucketKey(`(c.started_at AT TIME ZONE $${params.push(cal.timeZone)}::text)::date`, range.bucket)
        : dim === 'hotline'
          ? 'c.hotline_id'
          : 'NULL::int';
    add(
      await ds.query(
        `SELECT ${key} AS k, grouping(${key}) = 1 AS overall, ${callKpiSelect('$3', 'c')}
         FROM call_record c
         WHERE c.started_at >= $1 AND c.started_at < $2 AND ($4::int IS NULL OR c.hotline_id = $4)
         GROUP BY GROUPING SETS ((), (${key}))`,
        params,
      ),
    );
  }
  return out;
}
