import { User } from '@app/identity';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * An Open311 API key an admin issued to one client (a city app, a partner's platform). Only the
 * SHA-256 of the key is kept: the key is shown once, when it is created. Keys are deactivated, never
 * deleted: intake records name the key they came with (account `key:<id>`).
 */
@Entity({ name: 'open311_api_key' })
@Unique('open311_api_key_hash_uq', ['keyHash'])
export class Open311ApiKey {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'open311_api_key_pkey' })
  id: number;

  /** Who the key is for, as admins recognise it ("市民通APP"). */
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** Hex SHA-256 of the key: keys are 256 random bits, so a fast hash is enough and a lookup is one index probe. */
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  /** The key's first characters, so that an admin can tell which key a client holds. */
  @Column({ name: 'key_prefix', type: 'varchar', length: 12 })
  keyPrefix: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'open311_api_key_created_by_fk' })
  creator?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Last accepted request, to the minute: enough to see which clients are alive. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
}
