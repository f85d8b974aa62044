import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CallRecord } from './call-record.entity';
import type { CallEventOutcome, CallEventType } from './call-state';

/**
 * Every CTI event as delivered, once: unique on the switch's event id, so a redelivery finds the first
 * row and changes nothing. `raw` is the JSON that was signed, for audit; `outcome` says what it did to
 * the call (a late or conflicting event is kept too).
 */
@Entity({ name: 'call_event' })
@Unique('call_event_event_id_uq', ['eventId'])
@Check('call_event_type_ck', `type IN ('offered','queued','answered','abandoned','ended')`)
@Check('call_event_outcome_ck', `outcome IN ('applied','late','repeat','conflict')`)
@Index('call_event_call_idx', ['callRecordId', 'occurredAt'])
export class CallEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'call_event_pkey' })
  id: string;

  @Column({ name: 'event_id', type: 'varchar', length: 64 })
  eventId: string;

  @Column({ name: 'call_record_id', type: 'bigint' })
  callRecordId: string;

  @ManyToOne(() => CallRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_record_id', foreignKeyConstraintName: 'call_event_call_record_fk' })
  callRecord?: CallRecord;

  @Column({ type: 'varchar', length: 16 })
  type: CallEventType;

  /** When the switch says it happened (not when it reached us: that is created_at). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 16 })
  outcome: CallEventOutcome;

  @Column({ type: 'text' })
  raw: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
