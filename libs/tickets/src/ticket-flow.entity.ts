import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Ticket } from './ticket.entity';
import { TicketState } from './ticket.types';
import type { FlowAction } from './lifecycle/ticket-actions';

/**
 * One step in an order's life: who, for which unit, did what, with what opinion, when.
 * Append-only: a trigger in the migration refuses UPDATE and DELETE.
 */
@Entity({ name: 'ticket_flow' })
@Index('ticket_flow_ticket_idx', ['ticketId', 'id'])
export class TicketFlow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'ticket_flow_pkey' })
  id: string;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_flow_ticket_fk' })
  ticket?: Ticket;

  @Column({ type: 'varchar', length: 32 })
  action: FlowAction;

  @Column({ name: 'from_state', type: 'varchar', length: 24, nullable: true })
  fromState: TicketState | null;

  @Column({ name: 'to_state', type: 'varchar', length: 24 })
  toState: TicketState;

  /** Null for steps taken by the system (channel intake, timers). */
  @Column({ name: 'actor_user_id', type: 'int', nullable: true })
  actorUserId: number | null;

  @Column({ name: 'actor_unit_id', type: 'int', nullable: true })
  actorUnitId: number | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ type: 'text', nullable: true })
  opinion: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
