import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CallbackTask } from './callback-task.entity';

export const LINK_CHANNELS = ['sms', 'wechat'] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];

/**
 * A one-time callback link sent to the citizen by SMS or WeChat. Only the token's SHA-256 is kept; it is
 * good once, until it expires, and only while its task is pending. An SMS link also lets the number it
 * went to answer with a digit (the inbound message's id is kept, so a redelivery finds the first answer).
 */
@Entity({ name: 'callback_link' })
@Unique('callback_link_token_uq', ['tokenHash'])
@Unique('callback_link_reply_uq', ['replyRef'])
@Check('callback_link_channel_ck', `channel IN ('sms','wechat')`)
@Index('callback_link_task_idx', ['taskId'])
@Index('callback_link_recipient_idx', ['recipient', 'createdAt'])
export class CallbackLink {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'callback_link_pkey' })
  id: string;

  @Column({ name: 'task_id', type: 'bigint' })
  taskId: string;

  @ManyToOne(() => CallbackTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'callback_link_task_fk' })
  task?: CallbackTask;

  @Column({ type: 'varchar', length: 8 })
  channel: LinkChannel;

  /** The phone number (SMS) or openid (WeChat) it went to: only that number may answer by SMS. */
  @Column({ type: 'varchar', length: 64 })
  recipient: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** The gateway's id of the SMS that answered with a digit. */
  @Column({ name: 'reply_ref', type: 'varchar', length: 64, nullable: true })
  replyRef: string | null;

  @Column({ name: 'sent_by', type: 'int', nullable: true })
  sentBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
