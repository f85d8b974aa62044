import { Unit } from '@app/identity';
import { Ticket } from '@app/tickets';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const SUPERVISION_SOURCES = ['red_card', 'dissatisfied_again', 'supervisor', 'cannot_do'] as const;
export type SupervisionSource = (typeof SUPERVISION_SOURCES)[number];

/**
 * 督办单: a supervision order on a work order, with its own owner (the supervisor who follows it),
 * the unit it presses, and its own deadline. The unit's head sees it.
 */
@Entity({ name: 'supervision' })
@Index('supervision_ticket_idx', ['ticketId'])
@Index('supervision_open_unit_idx', ['unitId', 'dueAt'], { where: "state = 'open'" })
@Index('supervision_one_open_per_source_uq', ['ticketId', 'source'], { unique: true, where: "state = 'open'" })
@Check('supervision_state_ck', `state IN ('open','closed')`)
export class Supervision {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'supervision_pkey' })
  id: string;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'supervision_ticket_fk' })
  ticket?: Ticket;

  @Column({ type: 'varchar', length: 24 })
  source: SupervisionSource;

  @Column({ type: 'text' })
  reason: string;

  /** The unit pressed: the order's lead unit when supervision began. */
  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'supervision_unit_fk' })
  unit?: Unit;

  /** The supervisor who follows it; null until someone takes it. */
  @Column({ name: 'owner_user_id', type: 'int', nullable: true })
  ownerUserId: number | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  state: 'open' | 'closed';

  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'int', nullable: true })
  closedBy: number | null;
}
