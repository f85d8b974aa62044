import type { DataSource } from 'typeorm';

/**
 * An order and the duplicates merged into it. A merged duplicate is attributed to its parent's unit, so
 * whatever counts orders by unit (the KPI, report and term rollups) must refresh them together when the
 * parent changes.
 */
export async function orderWithMergedDuplicates(dataSource: DataSource, ticketId: string): Promise<string[]> {
  const merged = (await dataSource.query(`SELECT id::text AS id FROM ticket WHERE merged_into_id = $1 ORDER BY id`, [ticketId])) as {
    id: string;
  }[];
  return [ticketId, ...merged.map((m) => m.id)];
}
