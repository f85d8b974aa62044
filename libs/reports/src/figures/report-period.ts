import type { ReportDateRange, ReportPeriod, ReportPeriodKind } from '../render/report-model';
import { ReportErrors } from '../report.errors';

export const PERIOD_KINDS: readonly ReportPeriodKind[] = ['year', 'half', 'quarter', 'month'];

/** How many periods of a kind make a year. */
const PER_YEAR: Record<ReportPeriodKind, number> = { year: 1, half: 2, quarter: 4, month: 12 };
const QUARTERS = ['一', '二', '三', '四'];

export interface PeriodRequest {
  kind: string;
  year: number;
  /** 1-based: the half (1-2), quarter (1-4) or month (1-12); absent for a year. */
  index?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month0: number) => {
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12;
  return `${y}-${pad(m + 1)}-01`;
};

function label(kind: ReportPeriodKind, year: number, index: number): string {
  switch (kind) {
    case 'year':
      return `${year}年`;
    case 'half':
      return `${year}年${index === 1 ? '上' : '下'}半年`;
    case 'quarter':
      return `${year}年第${QUARTERS[index - 1]}季度`;
    case 'month':
      return `${year}年${index}月`;
  }
}

/** The n-th period of a kind (index 1-based, may run past the year either way) as a date range. */
function rangeOf(kind: ReportPeriodKind, year: number, index: number): ReportDateRange {
  const n = PER_YEAR[kind];
  const y = year + Math.floor((index - 1) / n);
  const i = ((((index - 1) % n) + n) % n) + 1;
  const months = 12 / n;
  return { from: monthStart(y, (i - 1) * months), to: monthStart(y, i * months), label: label(kind, y, i) };
}

/**
 * A report period: a year, a half, a quarter or a month, with the period just before (环比) and the
 * same period a year earlier (同比). Refused: an unknown kind, a missing or out-of-range index, and a
 * period that has not started yet (`today` is the city's date).
 */
export function resolveReportPeriod(req: PeriodRequest, today: string): ReportPeriod {
  const kind = req.kind as ReportPeriodKind;
  if (!PERIOD_KINDS.includes(kind)) throw ReportErrors.badPeriod(`期间类型须为 ${PERIOD_KINDS.join('、')} 之一`, { kind: req.kind });
  if (!Number.isInteger(req.year) || req.year < 2000 || req.year > 2100)
    throw ReportErrors.badPeriod('年份须为 2000—2100 之间的整数', { year: req.year });
  const n = PER_YEAR[kind];
  const index = kind === 'year' ? 1 : req.index;
  if (index === undefined || !Number.isInteger(index) || index < 1 || index > n) {
    throw ReportErrors.badPeriod(`${kind === 'half' ? '半年' : kind === 'quarter' ? '季度' : '月份'}须为 1—${n} 之间的整数`, {
      kind,
      index: req.index ?? null,
    });
  }
  const current = rangeOf(kind, req.year, index);
  if (current.from > today) throw ReportErrors.futurePeriod(current.from, today);
  return {
    kind,
    ...current,
    previous: rangeOf(kind, req.year, index - 1),
    samePeriodLastYear: rangeOf(kind, req.year - 1, index),
  };
}

/** The period as computed on `today` (the city's date): marked with `through` when it has not ended yet. */
export function asOf(period: ReportPeriod, today: string): ReportPeriod {
  const { through: _stale, ...rest } = period;
  return today < period.to ? { ...rest, through: today } : rest;
}

/** The first day of every month in [from, to). */
export function monthsOf(range: { from: string; to: string }): string[] {
  const out: string[] = [];
  const y = Number(range.from.slice(0, 4));
  let m = Number(range.from.slice(5, 7)) - 1;
  for (let d = monthStart(y, m); d < range.to; d = monthStart(y, ++m)) out.push(d);
  return out;
}
