import { Ticket } from '@app/tickets';
import type { HandlingResult, Satisfaction } from '@app/tickets';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const CALLBACK_KINDS = ['handled', 'sample'] as const;
export type CallbackKind = (typeof CALLBACK_KINDS)[number];
export const CALLBACK_STATES = ['pending', 'done', 'unreached', 'cancelled'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];
export const CALLBACK_CHANNELS = ['phone', 'sms', 'wechat'] as const;
export type CallbackChannel = (typeof CALLBACK_CHANNELS)[number];
export const COMPLAINT_ABOUT = ['handling', 'policy', 'other'] as const;
export type ComplaintAbout = (typeof COMPLAINT_ABOUT)[number];

/**
 * One callback (回访) of one handling round of an order: due when the reply is accepted ('handled'), or
 * drawn from orders closed at first contact ('sample'). Its outcome is the source of the callback and
 * satisfaction figures; a review (回访复核) may overturn the rating, keeping the original.
 */
@Entity({ name: 'callback_task' })
@Unique('callback_task_round_uq', ['ticketId', 'round', 'kind'])
@Check('callback_task_kind_ck', `kind IN ('handled','sample')`)
@Check('callback_task_state_ck', `state IN ('pending','done','unreached','cancelled')`)
@Index('callback_task_work_idx', ['state', 'dueAt'], { where: "state = 'pending'" })
@Index('callback_task_due_idx', ['dueAt'])
@Index('callback_task_unit_idx', ['unitId', 'dueAt'])
export class CallbackTask {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'callback_task_pkey' })
  id: string;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'callback_task_ticket_fk' })
  ticket?: Ticket;

  /** The order's 重办 round this callback is about (0 for the first handling). */
  @Column({ type: 'smallint' })
  round: number;

  @Column({ type: 'varchar', length: 16 })
  kind: CallbackKind;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: CallbackState;

  /** The unit whose handling is rated (the lead unit when the callback fell due): KPIs are attributed to it. */
  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'smallint', default: 0 })
  attempts: number;

  /** How the outcome was obtained. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  channel: CallbackChannel | null;

  @Column({ type: 'boolean', nullable: true })
  reached: boolean | null;

  /** The citizen declined to rate: reached, but not a valid rating. */
  @Column({ type: 'boolean', default: false })
  refused: boolean;

  @Column({ type: 'varchar', length: 12, nullable: true })
  resolved: HandlingResult | null;

  /** The rating in force (after review, if any). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  satisfaction: Satisfaction | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** What a dissatisfied citizen was dissatisfied with: only 'handling' reopens the order. */
  @Column({ name: 'complaint_about', type: 'varchar', length: 16, nullable: true })
  complaintAbout: ComplaintAbout | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'int', nullable: true })
  completedBy: number | null;

  // --- 回访复核 ---
  @Column({ name: 'original_satisfaction', type: 'varchar', length: 24, nullable: true })
  originalSatisfaction: Satisfaction | null;

  @Column({ name: 'original_resolved', type: 'varchar', length: 12, nullable: true })
  originalResolved: HandlingResult | null;

  @Column({ name: 'reviewed_by', type: 'int', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
