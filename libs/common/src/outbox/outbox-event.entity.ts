import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Domain events written in the same transaction as the change they describe. The worker relays
 * them to Bull (published_at, once Redis accepted them) and marks them processed once a handler
 * finished. An event published but never processed (Redis lost it) is relayed again.
 */
@Entity({ name: 'outbox_event' })
@Index('outbox_event_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
@Index('outbox_event_unprocessed_idx', ['publishedAt'], { where: 'published_at IS NOT NULL AND processed_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'outbox_event_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'aggregate_id', type: 'bigint' })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** How many times the event was handed to Redis; re-driving stops after a few. */
  @Column({ type: 'int', default: 0 })
  attempts: number;
}
