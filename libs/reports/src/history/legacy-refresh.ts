import type { LegacyImportReport } from './legacy-order-import';

/**
 * Up to this many imported orders, the CLI refreshes the rollups order by order (measured: about 20 ms
 * an order, the three rollups in parallel, so some two minutes at the limit). Above it, rebuilding the
 * rollups from the orders is faster: the CLI then skips the refresh and asks for `npm run report:rebuild`
 * and `npm run kpi:reconcile -- --fix`.
 */
export const LEGACY_REFRESH_LIMIT = 5000;

/** The rollups an imported order has to reach; the worker's order events do the same for live orders. */
export interface ImportedOrderRollups {
  report: { refreshMany(ticketIds: string[]): Promise<void> };
  terms: { refresh(ticketId: string): Promise<void> };
  kpi: { refresh(ticketId: string): Promise<void> };
}

/**
 * Adds imported orders to every rollup. Idempotent: an order already counted as it is writes nothing.
 * The three rollups are separate tables with their own per-order locks, so they are refreshed side by
 * side; within each, order after order, as the worker does.
 */
export async function refreshImportedOrders(rollups: ImportedOrderRollups, ticketIds: string[]): Promise<void> {
  const each = async (f: (id: string) => Promise<void>) => {
    for (const id of ticketIds) await f(id);
  };
  const results = await Promise.allSettled([
    rollups.report.refreshMany(ticketIds),
    each((id) => rollups.terms.refresh(id)),
    each((id) => rollups.kpi.refresh(id)),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The orders an import wrote, in row order. */
export function importedTicketIds(report: LegacyImportReport): string[] {
  return report.rows.flatMap((r) => (r.ticketId ? [r.ticketId] : []));
}
