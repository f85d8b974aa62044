import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CallbackChannel, CallbackTask } from './callback-task.entity';

export const FAILED_OUTCOMES = ['no_answer', 'busy', 'wrong_number'] as const;
export const ATTEMPT_OUTCOMES = [...FAILED_OUTCOMES, 'refused', 'sent'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * Every try at one callback: a phone call that failed (counted towards the unreached limit) or was
 * refused, and every link sent by SMS or WeChat. A WeChat row is the message as handed to the
 * customer-service message API (this deployment has no route to WeChat's servers; SMS bodies are
 * in sms_message, written by the one SMS gateway).
 */
@Entity({ name: 'callback_attempt' })
@Check('callback_attempt_outcome_ck', `outcome IN ('no_answer','busy','wrong_number','refused','sent')`)
@Check('callback_attempt_channel_ck', `channel IN ('phone','sms','wechat')`)
@Index('callback_attempt_task_idx', ['taskId', 'id'])
export class CallbackAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'callback_attempt_pkey' })
  id: string;

  @Column({ name: 'task_id', type: 'bigint' })
  taskId: string;

  @ManyToOne(() => CallbackTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'callback_attempt_task_fk' })
  task?: CallbackTask;

  @Column({ type: 'varchar', length: 8 })
  channel: CallbackChannel;

  @Column({ type: 'varchar', length: 16 })
  outcome: AttemptOutcome;

  /** Where a link went: the phone number or the openid. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  recipient: string | null;

  /** The WeChat message text as queued for the customer-service API. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
