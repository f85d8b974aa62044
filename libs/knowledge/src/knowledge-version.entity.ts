import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { KnowledgeEntry } from './knowledge-entry.entity';

/** Every version of an entry, whole, with who made it and why: nothing an owner wrote is lost. */
@Entity({ name: 'knowledge_entry_version' })
@Index('knowledge_entry_version_entry_idx', ['entryId', 'id'])
export class KnowledgeEntryVersion {
  /** One row per change (create, update, publish, archive, import), so one version may have several. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'knowledge_entry_version_pkey' })
  id: string;

  @Column({ name: 'entry_id', type: 'bigint' })
  entryId: string;

  @Column({ type: 'int' })
  version: number;

  @ManyToOne(() => KnowledgeEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'knowledge_entry_version_entry_fk' })
  entry?: KnowledgeEntry;

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ name: 'changed_by', type: 'int', nullable: true })
  changedBy: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
