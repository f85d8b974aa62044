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
import { Category, Hotline, Region } from '@app/catalog';
import { Unit } from '@app/identity';
import { AppealType, Channel, ClosureKind, HandlingResult, Satisfaction, TicketState, TransferTarget, Urgency } from './ticket.types';

/** What a unit asked for and is waiting on (a return or an extension); cleared when reviewed. */
export interface PendingRequest {
  kind: 'return' | 'extension';
  requestedBy: number;
  requestedByUnit: number;
  requestedAt: string;
  reason: string;
  suggestedUnitId?: number;
  newDueAt?: string;
  /** The state to go back to when the request is refused. */
  resumeState: TicketState;
}

/**
 * The work order (工单): the whole history of one appeal. Flow records hold every step; the columns
 * here are the current picture, kept so that inboxes, lists and statistics need no replay.
 */
@Entity({ name: 'ticket' })
@Unique('ticket_no_uq', ['no'])
@Check(
  'ticket_state_ck',
  `state IN ('registered','pending_review','to_dispatch','dispatched','return_requested','in_progress','extension_requested','replied','callback_pending','closed','merged','archived')`,
)
@Check('ticket_appeal_type_ck', `appeal_type IN ('consultation','help','complaint','report','suggestion','praise','cannot_do','other')`)
@Check('ticket_urgency_ck', `urgency IN ('normal','urgent','critical')`)
@Check('ticket_version_ck', `version >= 1`)
@Check('ticket_open_children_ck', `open_children >= 0`)
// A unit's inbox: open orders by lead unit and deadline. Partial, so closed history does not weigh on it;
// every column a tab filters on is in it, so pages and counts are index-only scans.
@Index('ticket_inbox_idx', ['leadUnitId', 'state', 'dueAt', 'id', 'rework', 'parentId', 'warnAt'], {
  where: "state IN ('dispatched','return_requested','in_progress','extension_requested','replied')",
})
@Index('ticket_unit_received_idx', ['leadUnitId', 'receivedAt', 'id'])
@Index('ticket_received_idx', ['receivedAt', 'id'])
@Index('ticket_state_received_idx', ['state', 'receivedAt'])
@Index('ticket_citizen_phone_idx', ['citizenPhone', 'receivedAt'], { where: 'citizen_phone IS NOT NULL' })
@Index('ticket_parent_idx', ['parentId'], { where: 'parent_id IS NOT NULL' })
@Index('ticket_merged_into_idx', ['mergedIntoId'], { where: 'merged_into_id IS NOT NULL' })
@Index('ticket_category_idx', ['categoryId', 'receivedAt'])
@Index('ticket_district_idx', ['districtId', 'receivedAt'])
// Duplicate suggestions: open orders at one street in one category, by time received.
@Index('ticket_open_place_idx', ['streetId', 'categoryId', 'receivedAt'], { where: "state NOT IN ('closed','merged','archived')" })
// The public list (Open311 GET requests): orders the citizen agreed to publish, newest first.
@Index('ticket_public_idx', ['receivedAt', 'id'], { where: 'publishable AND NOT confidential AND NOT anonymous AND parent_id IS NULL' })
// A trigram GIN index for keyword search on titles; written by hand in the migration.
@Index('ticket_title_trgm_idx', { synchronize: false })
// Typical-case suggestions: urged orders by received time, index-only; written by hand in migration 1795700000003.
@Index('ticket_urged_received_idx', { synchronize: false })
export class Ticket {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'ticket_pkey' })
  id: string;

  /** Readable, unique, sortable: YYYYMMDD-NNNNNNNN, the date in the city's time zone and a database sequence. */
  @Column({ type: 'varchar', length: 24 })
  no: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'varchar', length: 24 })
  state: TicketState;

  @Column({ name: 'appeal_type', type: 'varchar', length: 16 })
  appealType: AppealType;

  @Column({ type: 'varchar', length: 10, default: 'normal' })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ name: 'hotline_id', type: 'int', nullable: true })
  hotlineId: number | null;

  @ManyToOne(() => Hotline, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hotline_id', foreignKeyConstraintName: 'ticket_hotline_fk' })
  hotline?: Hotline;

  @Column({ name: 'category_id', type: 'int', nullable: true })
  categoryId: number | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'ticket_category_fk' })
  category?: Category;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  // --- the citizen (诉求人) ---
  @Column({ name: 'citizen_name', type: 'varchar', length: 64, nullable: true })
  citizenName: string | null;

  @Column({ name: 'citizen_phone', type: 'varchar', length: 20, nullable: true })
  citizenPhone: string | null;

  @Column({ name: 'citizen_enterprise', type: 'varchar', length: 128, nullable: true })
  citizenEnterprise: string | null;

  /** 保密: personal data hidden from everyone in ordinary views. */
  @Column({ type: 'boolean', default: false })
  confidential: boolean;

  /** 匿名: the platform itself does the callback. */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** 同意公开: the citizen agreed that the matter may be shown publicly (never their personal data). */
  @Column({ type: 'boolean', default: false })
  publishable: boolean;

  // --- where ---
  @Column({ name: 'district_id', type: 'int', nullable: true })
  districtId: number | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'ticket_district_fk' })
  district?: Region;

  @Column({ name: 'street_id', type: 'int', nullable: true })
  streetId: number | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'street_id', foreignKeyConstraintName: 'ticket_street_fk' })
  street?: Region;

  @Column({ name: 'community_id', type: 'int', nullable: true })
  communityId: number | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'community_id', foreignKeyConstraintName: 'ticket_community_fk' })
  community?: Region;

  @Column({ type: 'varchar', length: 255, nullable: true })
  address: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  longitude: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  latitude: string | null;

  // --- what ---
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  // --- handling ---
  @Column({ name: 'lead_unit_id', type: 'int', nullable: true })
  leadUnitId: number | null;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_unit_id', foreignKeyConstraintName: 'ticket_lead_unit_fk' })
  leadUnit?: Unit;

  /** 1 = dispatched by the centre, 2 = by a district or department to a street, 3 = to a community. */
  @Column({ name: 'dispatch_level', type: 'smallint', default: 0 })
  dispatchLevel: number;

  /** Sub-dispatch (二级/三级派单): the order this one was dispatched down from. */
  @Column({ name: 'parent_id', type: 'bigint', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'ticket_parent_fk' })
  parent?: Ticket;

  /** 并单: the open order this duplicate follows. */
  @Column({ name: 'merged_into_id', type: 'bigint', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'ticket_merged_into_fk' })
  mergedInto?: Ticket;

  /** 重办 round: 0 for the first handling, +1 each time a callback reopens it. */
  @Column({ name: 'reopen_round', type: 'smallint', default: 0 })
  reopenRound: number;

  @Column({ name: 'open_children', type: 'int', default: 0 })
  openChildren: number;

  @Column({ type: 'varchar', length: 12, nullable: true })
  result: HandlingResult | null;

  @Column({ name: 'reply_text', type: 'text', nullable: true })
  replyText: string | null;

  /** Sent back after review, or a return refused: the unit has it again and should look first. */
  @Column({ type: 'boolean', default: false })
  rework: boolean;

  @Column({ name: 'pending_request', type: 'jsonb', nullable: true })
  pendingRequest: PendingRequest | null;

  @Column({ name: 'closure_kind', type: 'varchar', length: 24, nullable: true })
  closureKind: ClosureKind | null;

  @Column({ name: 'closure_note', type: 'text', nullable: true })
  closureNote: string | null;

  @Column({ name: 'transfer_target', type: 'varchar', length: 8, nullable: true })
  transferTarget: TransferTarget | null;

  // --- counters and flags (each has its own flow records) ---
  @Column({ name: 'return_count', type: 'smallint', default: 0 })
  returnCount: number;

  @Column({ name: 'extension_count', type: 'smallint', default: 0 })
  extensionCount: number;

  @Column({ name: 'urge_count', type: 'smallint', default: 0 })
  urgeCount: number;

  @Column({ type: 'boolean', default: false })
  supervised: boolean;

  // --- callback (回访) ---
  @Column({ name: 'callback_reached', type: 'boolean', nullable: true })
  callbackReached: boolean | null;

  @Column({ name: 'callback_result', type: 'varchar', length: 12, nullable: true })
  callbackResult: HandlingResult | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  satisfaction: Satisfaction | null;

  @Column({ name: 'callback_note', type: 'text', nullable: true })
  callbackNote: string | null;

  // --- deadlines ---
  @Column({ name: 'sign_due_at', type: 'timestamptz', nullable: true })
  signDueAt: Date | null;

  @Column({ name: 'contact_due_at', type: 'timestamptz', nullable: true })
  contactDueAt: Date | null;

  @Column({ name: 'finish_due_at', type: 'timestamptz', nullable: true })
  finishDueAt: Date | null;

  @Column({ name: 'extended_due_at', type: 'timestamptz', nullable: true })
  extendedDueAt: Date | null;

  /** The deadline in force: the extended one once approved, else the original. Kept for the inbox index. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'time_limit_rule', type: 'varchar', length: 64, nullable: true })
  timeLimitRule: string | null;

  /** When the yellow card falls: one working day before the deadline in force. The inbox's "due soon". */
  @Column({ name: 'warn_at', type: 'timestamptz', nullable: true })
  warnAt: Date | null;

  /** 'yellow' one working day before the deadline, 'red' once it is overdue; cleared when the deadline moves. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  card: 'yellow' | 'red' | null;

  /** 监督检查 of a 办不成事 order: when it was inspected, and what was found. Required before it closes. */
  @Column({ name: 'inspected_at', type: 'timestamptz', nullable: true })
  inspectedAt: Date | null;

  @Column({ name: 'inspection_note', type: 'text', nullable: true })
  inspectionNote: string | null;

  // --- timestamps of each step ---
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  @Column({ name: 'first_contact_at', type: 'timestamptz', nullable: true })
  firstContactAt: Date | null;

  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Column({ name: 'called_back_at', type: 'timestamptz', nullable: true })
  calledBackAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'registered_by', type: 'int', nullable: true })
  registeredBy: number | null;
}
