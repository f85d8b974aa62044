import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { User } from './user.entity';

export const UNIT_TYPES = ['centre', 'district', 'department', 'street', 'community', 'enterprise'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/**
 * A unit that handles orders. The hotline centre is the root; districts and departments sit under
 * it, streets under districts, communities under streets. `path` holds the ids from the root
 * ('/1/4/17/'), so a unit's subtree is a prefix match.
 */
@Entity({ name: 'unit' })
@Unique('unit_code_uq', ['code'])
@Check('unit_type_ck', `type IN ('centre','district','department','street','community','enterprise')`)
@Index('unit_parent_idx', ['parentId'])
@Index('unit_path_idx', ['path'])
export class Unit {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'unit_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  type: UnitType;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'unit_parent_fk' })
  parent?: Unit;

  @Column({ type: 'varchar', length: 255 })
  path: string;

  @Column({ name: 'region_id', type: 'int', nullable: true })
  regionId: number | null;

  @Column({ name: 'head_user_id', type: 'int', nullable: true })
  headUserId: number | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'head_user_id', foreignKeyConstraintName: 'unit_head_user_fk' })
  headUser?: User;

  @Column({ name: 'deputy_head_user_id', type: 'int', nullable: true })
  deputyHeadUserId: number | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'deputy_head_user_id', foreignKeyConstraintName: 'unit_deputy_head_user_fk' })
  deputyHeadUser?: User;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
