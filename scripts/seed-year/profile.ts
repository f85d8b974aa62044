import type { CityCategory, CityPlace } from './city';

/**
 * The shape of a synthetic year: seasons by category family, planned year-on-year trends, the
 * weekly and Spring Festival rhythm, hours of the day, district sizes. Pure: the SQL gets these as
 * arrays of cumulative shares, so a draw in SQL is one width_bucket().
 */

/** Relative volume by month (index 0 = January) for categories matching a pattern in their path. */
const SEASONS: { pattern: RegExp; months: number[] }[] = [
  { pattern: /供暖|暖气/, months: [4, 3, 1.6, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.8, 2.6, 4.2] },
  { pattern: /积水|内涝|防汛|排水|下水道/, months: [0.2, 0.2, 0.4, 0.7, 1.4, 3, 4, 3.4, 1.4, 0.5, 0.3, 0.2] },
  { pattern: /停电|电压/, months: [1, 0.8, 0.7, 0.7, 1, 1.5, 2, 1.9, 1.1, 0.8, 0.8, 1] },
  { pattern: /停水|水压/, months: [1.1, 0.9, 0.8, 0.8, 1, 1.3, 1.6, 1.5, 1.1, 0.9, 0.9, 1.1] },
  { pattern: /噪声/, months: [0.7, 0.6, 0.9, 1, 1.2, 1.3, 1.4, 1.4, 1.2, 1, 0.8, 0.7] },
  { pattern: /招生|入学/, months: [0.4, 0.4, 0.7, 1.2, 1.8, 2.4, 2.6, 2.4, 1.4, 0.4, 0.3, 0.3] },
  { pattern: /个人所得税|税费/, months: [0.8, 0.8, 2, 2.2, 1.8, 1.5, 0.8, 0.6, 0.6, 0.6, 0.6, 0.8] },
  { pattern: /露天焚烧|秸秆/, months: [0.8, 0.6, 0.8, 0.9, 1, 2.2, 0.8, 0.6, 0.8, 2.4, 2, 0.8] },
];

/** Categories heard mostly at night (received between 22:00 and 04:00 more often than not). */
export const NIGHT = /噪声/;

/** Planned change of year Y over Y-1 (−0.78 = −78%), matched on the category path. Everything else grows by GROWTH. */
export const TRENDS: { pattern: RegExp; change: number }[] = [
  { pattern: /违法建设/, change: -0.78 },
  { pattern: /夜间施工噪声/, change: -0.26 },
  { pattern: /窗口服务态度/, change: -0.3 },
  { pattern: /网购纠纷/, change: 0.35 },
  { pattern: /涉企检查/, change: 0.4 },
  { pattern: /停车收费/, change: 0.22 },
  { pattern: /养老服务/, change: 0.18 },
];
export const GROWTH = 0.06;

export function seasonOf(c: Pick<CityCategory, 'path' | 'months'>, month: number): number {
  const s = SEASONS.find((x) => x.pattern.test(c.path));
  let f = s ? s.months[month] : 1;
  // A leaf asked about only in some months (the demo taxonomy says so): a trickle outside them.
  if (c.months && !c.months.includes(month + 1)) f *= 0.05;
  return f;
}

/** How year Y compares with year Y-1 for this category (1.0 = no change). */
export function trendOf(c: Pick<CityCategory, 'path'>): number {
  const t = TRENDS.find((x) => x.pattern.test(c.path));
  return 1 + (t ? t.change : GROWTH);
}

/**
 * A category's expected weight in a month of the generated year. `previous` gives year Y-1, derived
 * from Y by undoing each category's trend: the year-on-year change of the two is the planned one.
 */
export function categoryWeight(c: CityCategory, month: number, previous: boolean): number {
  return c.weight * seasonOf(c, month) * (previous ? 1 / trendOf(c) : 1);
}

/**
 * Lower bounds of each index's share of [0, 1), for width_bucket(random(), bounds): a draw is then a
 * binary search in SQL, exact for any weight (no rounding to slots).
 */
export function thresholds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('weights must not all be zero');
  let acc = 0;
  return weights.map((w) => {
    const lo = acc / total;
    acc += w;
    return lo;
  });
}

/** District sizes: the central districts are the big ones (Zipf-like); streets and communities within one alike. */
export function placeWeights(places: CityPlace[]): number[] {
  const perDistrict = new Map<number, number>();
  for (const p of places) perDistrict.set(p.districtIndex, (perDistrict.get(p.districtIndex) ?? 0) + 1);
  return places.map((p) => 1 / Math.pow(p.districtIndex + 1, 0.9) / perDistrict.get(p.districtIndex)!);
}

/** Relative volume of a day: weekends quieter, the Spring Festival week very quiet, a little growth through the year. */
export function dayWeight(day: Date, springFestival: Date): number {
  const dow = day.getUTCDay();
  let w = dow === 0 ? 0.72 : dow === 6 ? 0.8 : 1;
  const fromFestival = (day.getTime() - springFestival.getTime()) / 86_400_000;
  if (fromFestival >= -1 && fromFestival < 7) w *= 0.55;
  return w * (1 + (0.04 * day.getUTCMonth()) / 11);
}

/** Spring Festival (正月初一) for the years the generator is likely to be asked about; an approximate date otherwise. */
export function springFestival(year: number): Date {
  const known: Record<number, string> = {
    2020: '01-25',
    2021: '02-12',
    2022: '02-01',
    2023: '01-22',
    2024: '02-10',
    2025: '01-29',
    2026: '02-17',
    2027: '02-06',
    2028: '01-26',
  };
  return new Date(`${year}-${known[year] ?? '02-05'}T00:00:00Z`);
}

/** Hour of the day a citizen reaches the hotline: two working-day peaks, an evening tail, a quiet night. */
export const DAY_HOURS = [
  0.4, 0.25, 0.15, 0.12, 0.15, 0.3, 0.9, 2.2, 4.6, 6.4, 6.8, 6.2, 4.4, 4.6, 6, 6.2, 5.8, 5, 3.8, 3.4, 3.2, 2.6, 1.6, 0.9,
];
/** Noise: mostly late evening and the small hours. */
export const NIGHT_HOURS = [5, 3.5, 2, 1.2, 0.6, 0.5, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.6, 2.4, 3.6, 6.5, 7.5];

/** Per-unit quality, stable for a unit id: a few late or disliked units, most good ones. */
export function unitQuality(unitId: number): { late: number; unsatisfied: number } {
  const h = ((unitId * 2654435761) >>> 0) / 2 ** 32;
  const h2 = ((unitId * 40503 + 977) % 1000) / 1000;
  return {
    late: h < 0.15 ? 0.08 + h * 0.4 : 0.005 + h * 0.025,
    unsatisfied: h2 < 0.12 ? 0.07 + h2 * 0.5 : 0.006 + h2 * 0.02,
  };
}
