import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const REGION_LEVELS = ['district', 'street', 'community'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** 区 > 街道/乡镇 > 社区. */
@Entity({ name: 'region' })
@Unique('region_code_uq', ['code'])
@Index('region_parent_idx', ['parentId'])
export class Region {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'region_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'region_parent_fk' })
  parent?: Region;
}
