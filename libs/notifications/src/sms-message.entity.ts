import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every outbound SMS, whatever the gateway does with it: the record is the proof it was asked for. */
@Entity({ name: 'sms_message' })
@Index('sms_message_phone_idx', ['toPhone', 'createdAt'])
export class SmsMessage {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'sms_message_pkey' })
  id: string;

  @Column({ name: 'to_phone', type: 'varchar', length: 20 })
  toPhone: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 32 })
  purpose: string;

  @Column({ name: 'ticket_id', type: 'bigint', nullable: true })
  ticketId: string | null;

  /** 'recorded' (the default gateway sends nothing), 'sent', 'failed'. */
  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ type: 'varchar', length: 32 })
  provider: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
