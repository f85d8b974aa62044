import { Unit } from '@app/identity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ENTRY_KINDS = ['policy', 'qa', 'guide', 'duty'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = { policy: '政策文件', qa: '政策问答', guide: '办事指南', duty: '单位职责' };

export const ENTRY_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/**
 * A knowledge entry: a policy document, a Q&A item taken from one (linked to its source paragraph),
 * a service guide, or a unit's duties. Owner units draft; a knowledge administrator reviews and
 * publishes. `search_vector` holds the text segmented by jieba, title and question weighted above body.
 */
@Entity({ name: 'knowledge_entry' })
@Index('knowledge_entry_external_uq', ['externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('knowledge_entry_doc_number_uq', ['docNumber'], { unique: true, where: "doc_number IS NOT NULL AND kind = 'policy'" })
@Index('knowledge_entry_owner_idx', ['ownerUnitId', 'status'])
@Index('knowledge_entry_source_idx', ['sourceEntryId'], { where: 'source_entry_id IS NOT NULL' })
@Index('knowledge_entry_search_idx', { synchronize: false })
@Check('knowledge_entry_kind_ck', `kind IN ('policy','qa','guide','duty')`)
@Check('knowledge_entry_status_ck', `status IN ('draft','in_review','published','archived')`)
@Check('knowledge_entry_validity_ck', `expires_on IS NULL OR expires_on >= effective_from`)
export class KnowledgeEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'knowledge_entry_pkey' })
  id: string;

  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 8 })
  kind: EntryKind;

  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status: EntryStatus;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** For Q&A: the concrete question ("职工医保的报销比例是多少?"). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  question: string | null;

  /** Sanitized HTML or plain text. */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'doc_number', type: 'varchar', length: 64, nullable: true })
  docNumber: string | null;

  @Column({ name: 'issuing_unit', type: 'varchar', length: 100, nullable: true })
  issuingUnit: string | null;

  /** For Q&A: the policy document it was taken from, and the paragraph it quotes. */
  @Column({ name: 'source_entry_id', type: 'bigint', nullable: true })
  sourceEntryId: string | null;

  @ManyToOne(() => KnowledgeEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_entry_id', foreignKeyConstraintName: 'knowledge_entry_source_fk' })
  source?: KnowledgeEntry;

  @Column({ name: 'source_paragraph', type: 'text', nullable: true })
  sourceParagraph: string | null;

  /** The service guide that acts on this entry (看、问、办), or an external service address. */
  @Column({ name: 'service_entry_id', type: 'bigint', nullable: true })
  serviceEntryId: string | null;

  @ManyToOne(() => KnowledgeEntry, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'service_entry_id', foreignKeyConstraintName: 'knowledge_entry_service_fk' })
  service?: KnowledgeEntry;

  @Column({ name: 'service_url', type: 'varchar', length: 500, nullable: true })
  serviceUrl: string | null;

  @Column({ name: 'owner_unit_id', type: 'int' })
  ownerUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_unit_id', foreignKeyConstraintName: 'knowledge_entry_owner_unit_fk' })
  ownerUnit?: Unit;

  @Column({ name: 'category_ids', type: 'int', array: true, default: () => "'{}'" })
  categoryIds: number[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ name: 'region_ids', type: 'int', array: true, default: () => "'{}'" })
  regionIds: number[];

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  /** For agents only; never served publicly. */
  @Column({ name: 'internal_note', type: 'text', nullable: true })
  internalNote: string | null;

  @Column({ name: 'search_vector', type: 'tsvector', select: false, nullable: true })
  searchVector: string | null;

  @Column({ name: 'usage_count', type: 'int', default: 0 })
  usageCount: number;

  @Column({ name: 'first_contact_count', type: 'int', default: 0 })
  firstContactCount: number;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'int', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'stale_notified_at', type: 'timestamptz', nullable: true })
  staleNotifiedAt: Date | null;

  @Column({ name: 'updated_by', type: 'int', nullable: true })
  updatedBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
