import { Ticket } from '@app/tickets';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { KnowledgeEntry } from './knowledge-entry.entity';

/** An order answered from the knowledge base: which entry, by whom. */
@Entity({ name: 'ticket_knowledge' })
@Index('ticket_knowledge_entry_idx', ['entryId'])
export class TicketKnowledge {
  @PrimaryColumn({ name: 'ticket_id', type: 'bigint', primaryKeyConstraintName: 'ticket_knowledge_pkey' })
  ticketId: string;

  @PrimaryColumn({ name: 'entry_id', type: 'bigint', primaryKeyConstraintName: 'ticket_knowledge_pkey' })
  entryId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_knowledge_ticket_fk' })
  ticket?: Ticket;

  @ManyToOne(() => KnowledgeEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'ticket_knowledge_entry_fk' })
  entry?: KnowledgeEntry;

  @Column({ name: 'used_by', type: 'int', nullable: true })
  usedBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A question no entry answered, with its order, so the owner unit can write one. */
@Entity({ name: 'knowledge_gap' })
@Index('knowledge_gap_created_idx', ['createdAt'])
export class KnowledgeGap {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'knowledge_gap_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  question: string;

  @Column({ name: 'ticket_id', type: 'bigint', nullable: true })
  ticketId: string | null;

  @Column({ name: 'category_id', type: 'int', nullable: true })
  categoryId: number | null;

  /** The segmented terms, for the weekly report of unanswered topics. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  terms: string[];

  @Column({ name: 'reported_by', type: 'int', nullable: true })
  reportedBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Colloquial terms and the formal ones they mean (医保 → 医疗保险); admins edit them. */
@Entity({ name: 'knowledge_synonym' })
export class KnowledgeSynonym {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'knowledge_synonym_pkey' })
  term: string;

  @Column({ type: 'text', array: true })
  synonyms: string[];
}
