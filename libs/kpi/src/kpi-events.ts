import { AppConfig } from '@app/common';
import { orderWithMergedDuplicates } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CityCalendar } from './city-calendar';
import { decodeFacts, diffFacts, encodeFacts, orderFacts } from './kpi-facts';
import { addToRollup } from './kpi-rollup';
import { loadOrders } from './kpi-source';

/**
 * Keeps kpi_daily current. The worker calls onOrderEvent for every order event: the order's facts are
 * computed afresh from the order as it is now, its previous contribution is subtracted and the new one
 * added, in one transaction that holds the order's contribution row locked. Idempotent: an event
 * handled twice finds nothing to change; events handled out of order still end at the order's latest
 * state, since each reads the order after taking the lock.
 */
@Injectable()
export class KpiEvents {
  private readonly cal: CityCalendar;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.cal = new CityCalendar(config.CITY_TIMEZONE);
  }

  /** The order and the duplicates merged into it, which follow its unit. */
  async onOrderEvent(ticketId: string): Promise<void> {
    for (const id of await orderWithMergedDuplicates(this.dataSource, ticketId)) await this.refresh(id);
  }

  /** For the callbacks module: a callback task changed without an order event (an attempt, a review). */
  onCallbackChanged(ticketId: string): Promise<void> {
    return this.refresh(ticketId);
  }

  /** Recomputes one order's contribution and moves the rollup by the difference. */
  async refresh(ticketId: string): Promise<void> {
    await this.dataSource.transaction((m) => this.refreshIn(m, ticketId));
  }

  private async refreshIn(m: EntityManager, ticketId: string): Promise<void> {
    const [order] = (await m.query(`SELECT parent_id FROM ticket WHERE id = $1`, [ticketId])) as { parent_id: string | null }[];
    // Sub-dispatched child orders contribute nothing (the top order is counted) and keep no row.
    if (!order || order.parent_id !== null) return;
    await m.query(`INSERT INTO kpi_order_contribution (ticket_id) VALUES ($1) ON CONFLICT DO NOTHING`, [ticketId]);
    const [prev] = (await m.query(`SELECT facts FROM kpi_order_contribution WHERE ticket_id = $1 FOR UPDATE`, [ticketId])) as {
      facts: Record<string, string>;
    }[];
    // Read under the lock: a concurrent event for this order has committed by now, so this is the newest state.
    const [fresh] = await loadOrders(m, { ids: [ticketId] });
    const next = orderFacts(fresh, this.cal);
    await addToRollup(m, diffFacts(decodeFacts(prev.facts), next));
    await m.query(`UPDATE kpi_order_contribution SET facts = $2, computed_at = now() WHERE ticket_id = $1`, [ticketId, encodeFacts(next)]);
  }
}
