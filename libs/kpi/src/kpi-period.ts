import { BUCKETS, Bucket, addDays, bucketStart, daysBetween, isDate, nextBucket } from './city-calendar';
import { KpiErrors } from './kpi.errors';

export const PERIODS = [...BUCKETS, 'custom'] as const;
export type Period = (typeof PERIODS)[number];

/** The longest range one table may cover. */
export const MAX_RANGE_DAYS = 731;

/** City dates, `to` exclusive; `bucket` is what groupBy=period groups by. */
export interface DateRange {
  period: Period;
  from: string;
  to: string;
  bucket: Bucket;
}

/**
 * The range a request asks for. A calendar period (day … year) runs from the start of the period
 * holding `from` (today's when absent) to the end of the one holding the day before `to` (or one
 * period). A custom range is exactly [from, to). Refused: an unknown period, a malformed date, an
 * empty or reversed range, more than two years, a range that starts in the future, and a custom
 * range that ends after today.
 */
export function resolveRange(q: { period?: string; from?: string; to?: string }, today: string): DateRange {
  const period = (q.period ?? 'month') as Period;
  if (!PERIODS.includes(period)) throw KpiErrors.unknownDimension('period', String(q.period), PERIODS);
  for (const [name, v] of [
    ['from', q.from],
    ['to', q.to],
  ] as const) {
    if (v !== undefined && !isDate(v)) throw KpiErrors.badRange(`${name} 须为 YYYY-MM-DD 格式的日期`, { [name]: v });
  }
  let from: string;
  let to: string;
  let bucket: Bucket;
  if (period === 'custom') {
    if (!q.from || !q.to) throw KpiErrors.badRange('自定义区间须同时给出 from 和 to', { from: q.from ?? null, to: q.to ?? null });
    [from, to, bucket] = [q.from, q.to, 'day'];
    if (to > addDays(today, 1)) throw KpiErrors.badRange('统计区间不能超过今天', { to, today });
  } else {
    bucket = period;
    from = bucketStart(q.from ?? today, period);
    if (q.to === undefined) to = nextBucket(from, period);
    else {
      if (q.to <= (q.from ?? today)) throw KpiErrors.badRange('结束日期须晚于开始日期', { from: q.from ?? today, to: q.to });
      to = nextBucket(bucketStart(addDays(q.to, -1), period), period);
    }
  }
  if (to <= from) throw KpiErrors.badRange('结束日期须晚于开始日期', { from, to });
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw KpiErrors.badRange('统计区间不能超过两年', { from, to, maxDays: MAX_RANGE_DAYS });
  if (from > today) throw KpiErrors.badRange('统计区间不能从未来开始', { from, today });
  return { period, from, to, bucket };
}
