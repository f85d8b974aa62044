import { Ticket } from '@app/tickets';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * What each order last added to kpi_daily (its facts, encoded by encodeFacts), so that the next event
 * on the order subtracts exactly that before adding its new facts. Locked per order while it changes.
 */
@Entity({ name: 'kpi_order_contribution' })
export class KpiOrderContribution {
  @PrimaryColumn({ name: 'ticket_id', type: 'bigint', primaryKeyConstraintName: 'kpi_order_contribution_pkey' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'kpi_order_contribution_ticket_fk' })
  ticket?: Ticket;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  facts: Record<string, string>;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
