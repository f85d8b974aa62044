import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every time a person saw a citizen's unmasked name or phone: who, which order, when, why. */
@Entity({ name: 'pii_access_log' })
@Index('pii_access_log_ticket_idx', ['ticketId', 'createdAt'])
@Index('pii_access_log_user_idx', ['userId', 'createdAt'])
export class PiiAccessLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pii_access_log_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: string;

  @Column({ type: 'varchar', length: 32 })
  purpose: string;

  @Column({ type: 'text', array: true })
  fields: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
