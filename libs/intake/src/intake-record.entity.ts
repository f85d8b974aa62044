import { Hotline } from '@app/catalog';
import { Ticket } from '@app/tickets';
import type { Channel } from '@app/tickets';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { IntakeAttachment, IntakeKind, IntakeLocation } from './intake.types';

/**
 * What one channel delivered, as received: one row per delivery, whatever the channel. Unique on
 * (channel, external id), so a retried or duplicated delivery finds the first row and its result.
 * `raw` keeps the payload exactly as it came, for audit.
 */
@Entity({ name: 'intake_record' })
@Unique('intake_record_channel_external_uq', ['channel', 'externalId'])
@Check('intake_record_kind_ck', `kind IN ('order','appeal','follow_up','query','event')`)
@Index('intake_record_ticket_idx', ['ticketId'], { where: 'ticket_id IS NOT NULL' })
// Finding a sender's open appeal: the newest message from this sender on this channel.
@Index('intake_record_sender_idx', ['channel', 'senderKey', 'receivedAt'], { where: 'sender_key IS NOT NULL' })
// Response duties still open: the late list reads these.
@Index('intake_record_due_idx', ['respondDueAt'], { where: 'respond_due_at IS NOT NULL' })
@Index('intake_record_hotline_idx', ['hotlineId', 'receivedAt'])
export class IntakeRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'intake_record_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  /** The channel's own id for this delivery (WeChat MsgId, SMS id, letter id, the feed's id…). */
  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  externalId: string;

  /** What became of it: an order, an appeal opened, a follow-up to an open appeal, a query, or a bare event. */
  @Column({ type: 'varchar', length: 16 })
  kind: IntakeKind;

  @Column({ name: 'hotline_id', type: 'int', nullable: true })
  hotlineId: number | null;

  @ManyToOne(() => Hotline, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hotline_id', foreignKeyConstraintName: 'intake_record_hotline_fk' })
  hotline?: Hotline;

  /** The account it came through: the WeChat app id, the SMS service number, the Open311 key, the feed's source. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  account: string | null;

  // --- who, as the channel gave it ---
  @Column({ name: 'sender_phone', type: 'varchar', length: 20, nullable: true })
  senderPhone: string | null;

  @Column({ name: 'sender_openid', type: 'varchar', length: 64, nullable: true })
  senderOpenid: string | null;

  @Column({ name: 'sender_email', type: 'varchar', length: 128, nullable: true })
  senderEmail: string | null;

  @Column({ name: 'sender_name', type: 'varchar', length: 64, nullable: true })
  senderName: string | null;

  /** Who this is within the channel (phone or openid): follow-ups from the same key join the open appeal. */
  @Column({ name: 'sender_key', type: 'varchar', length: 128, nullable: true })
  senderKey: string | null;

  // --- what ---
  @Column({ type: 'text', default: '' })
  content: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: IntakeAttachment[];

  @Column({ type: 'jsonb', nullable: true })
  location: IntakeLocation | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** The payload exactly as received (JSON, XML, CSV row, form), for audit. */
  @Column({ type: 'text' })
  raw: string;

  @Column({ name: 'raw_type', type: 'varchar', length: 16 })
  rawType: string;

  @Column({ name: 'ticket_id', type: 'bigint', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'intake_record_ticket_fk' })
  ticket?: Ticket;

  /** The answer given to the first delivery; a duplicate delivery gets the same answer. */
  @Column({ type: 'jsonb', nullable: true })
  answer: Record<string, unknown> | null;

  /** The channel's response duty (GB/T 33358): a person must respond by then. Null where none applies. */
  @Column({ name: 'respond_due_at', type: 'timestamptz', nullable: true })
  respondDueAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
