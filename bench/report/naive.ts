import { ORDER_CUTS, REPORT_COUNTERS, ReportPeriod, SumRow, monthsOf, orderFactSelect } from '@app/reports';
import type { DataSource } from 'typeorm';

/**
 * The naive path, measured beside the rollups: the same cuts the report's order figures are folded from,
 * aggregated straight from the ticket table (each order's fact computed on the fly) over the months of
 * the period's three periods, instead of read from the rollup.
 */
export async function sumNaive(ds: DataSource, timezone: string, period: ReportPeriod): Promise<SumRow[][]> {
  const ranges = [period, period.previous, period.samePeriodLastYear];
  const months = [...new Set(ranges.flatMap(monthsOf))].sort();
  const from = ranges.map((r) => r.from).sort()[0];
  const to = ranges.map((r) => r.to).sort()[ranges.length - 1];
  const where = `t.received_at >= ('${from}'::date::timestamp AT TIME ZONE $1) AND t.received_at < ('${to}'::date::timestamp AT TIME ZONE $1)`;
  return Promise.all(
    ORDER_CUTS.map(
      (cut) =>
        ds.query(
          `SELECT date_trunc('month', f.day)::date::text AS month${cut.map((c) => `, ${c}`).join('')}, ${REPORT_COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
           FROM (${orderFactSelect(where)}) f WHERE date_trunc('month', f.day)::date = ANY($2::date[]) GROUP BY ${['1', ...cut].join(', ')}`,
          [timezone, months],
        ) as Promise<SumRow[]>,
    ),
  );
}
