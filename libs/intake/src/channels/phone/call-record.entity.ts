import { Hotline } from '@app/catalog';
import { User } from '@app/identity';
import { Ticket } from '@app/tickets';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { CallState } from './call-state';

/** 漏接回拨: pending until someone has called the citizen back (or found it unnecessary). */
export const MISSED_CALLBACK_OUTCOMES = ['reached', 'unreached', 'not_needed'] as const;
export type MissedCallbackOutcome = (typeof MISSED_CALLBACK_OUTCOMES)[number];
export type MissedCallbackStatus = 'pending' | MissedCallbackOutcome;

export const MISSED_CALLBACK_LABELS: Record<MissedCallbackStatus, string> = {
  pending: '待回拨',
  reached: '已回拨，已接通',
  unreached: '已回拨，未接通',
  not_needed: '无需回拨',
};

/**
 * One call as the switch reported it, built from its CTI events (call_event). The hotline KPIs
 * (接通率, 15秒应答率) are computed from these rows (call-kpi.ts).
 */
@Entity({ name: 'call_record' })
@Unique('call_record_call_id_uq', ['callId'])
@Check('call_record_state_ck', `state IN ('offered','queued','answered','abandoned','ended')`)
@Check('call_record_missed_callback_ck', `missed_callback_status IN ('pending','reached','unreached','not_needed')`)
@Index('call_record_started_idx', ['startedAt'])
@Index('call_record_hotline_started_idx', ['hotlineId', 'startedAt'])
// The 漏接回拨 list: missed calls still waiting, newest first.
@Index('call_record_missed_idx', ['abandonedAt', 'id'], { where: `missed_callback_status = 'pending'` })
// A caller's other calls (did a missed caller get through later?).
@Index('call_record_caller_idx', ['callerNumber', 'startedAt'], { where: 'caller_number IS NOT NULL' })
@Index('call_record_agent_idx', ['agentUserId', 'answeredAt'], { where: 'agent_user_id IS NOT NULL' })
@Index('call_record_ticket_idx', ['ticketId'], { where: 'ticket_id IS NOT NULL' })
export class CallRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'call_record_pkey' })
  id: string;

  /** The switch's id for the call. */
  @Column({ name: 'call_id', type: 'varchar', length: 64 })
  callId: string;

  /** As the switch gave it; null when withheld. */
  @Column({ name: 'caller_number', type: 'varchar', length: 32, nullable: true })
  callerNumber: string | null;

  @Column({ name: 'dialled_number', type: 'varchar', length: 16 })
  dialledNumber: string;

  @Column({ name: 'hotline_id', type: 'int' })
  hotlineId: number;

  @ManyToOne(() => Hotline, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hotline_id', foreignKeyConstraintName: 'call_record_hotline_fk' })
  hotline?: Hotline;

  @Column({ type: 'varchar', length: 16 })
  state: CallState;

  /** The switch's name for the agent who answered (our username); kept even when it matched no user. */
  @Column({ name: 'agent_ref', type: 'varchar', length: 64, nullable: true })
  agentRef: string | null;

  @Column({ name: 'agent_user_id', type: 'int', nullable: true })
  agentUserId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agent_user_id', foreignKeyConstraintName: 'call_record_agent_fk' })
  agent?: User;

  /** When the call began: the offer, or the earliest event seen while the offer is still unknown. Periods count by it. */
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'offered_at', type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'abandoned_at', type: 'timestamptz', nullable: true })
  abandonedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** From the offer to the answer (or the hang-up): as the switch measured it, else from the event times. */
  @Column({ name: 'wait_seconds', type: 'int', nullable: true })
  waitSeconds: number | null;

  @Column({ name: 'talk_seconds', type: 'int', nullable: true })
  talkSeconds: number | null;

  /** Where the switch keeps the recording; we never hold the audio. */
  @Column({ name: 'recording_ref', type: 'varchar', length: 255, nullable: true })
  recordingRef: string | null;

  /** The order the answering agent registered from this call (one per call). */
  @Column({ name: 'ticket_id', type: 'bigint', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'call_record_ticket_fk' })
  ticket?: Ticket;

  @Column({ name: 'missed_callback_status', type: 'varchar', length: 16, nullable: true })
  missedCallbackStatus: MissedCallbackStatus | null;

  @Column({ name: 'missed_callback_by', type: 'int', nullable: true })
  missedCallbackBy: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'missed_callback_by', foreignKeyConstraintName: 'call_record_missed_callback_by_fk' })
  missedCallbackUser?: User;

  @Column({ name: 'missed_callback_at', type: 'timestamptz', nullable: true })
  missedCallbackAt: Date | null;

  @Column({ name: 'missed_callback_note', type: 'varchar', length: 500, nullable: true })
  missedCallbackNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
