import { Ticket } from '@app/tickets';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * The durable plan of an order's timers (reminders, yellow and red cards), derived from its deadline.
 * Bull holds the delayed jobs; this table is what the sweeper rebuilds them from after Redis loses them,
 * and `fired_at` makes every firing happen once.
 */
@Entity({ name: 'ticket_timer' })
@Index('ticket_timer_pending_idx', ['fireAt'], { where: 'fired_at IS NULL' })
export class TicketTimer {
  @PrimaryColumn({ name: 'ticket_id', type: 'bigint', primaryKeyConstraintName: 'ticket_timer_pkey' })
  ticketId: string;

  /** 'remind:0', 'remind:1', … (the configured schedule's steps), 'yellow', 'red'. */
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'ticket_timer_pkey' })
  kind: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_timer_ticket_fk' })
  ticket?: Ticket;

  @Column({ name: 'fire_at', type: 'timestamptz' })
  fireAt: Date;

  /** The deadline this timer belongs to; a timer whose deadline has moved is stale. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;
}
