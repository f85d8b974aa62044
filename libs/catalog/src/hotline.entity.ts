import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const HOTLINE_MODES = ['primary', 'merged', 'parallel'] as const;
export type HotlineMode = (typeof HOTLINE_MODES)[number];

/**
 * A number citizens dial: 12345 itself, or a former departmental line merged into it
 * (merged: seats absorbed) or kept in parallel (双号并行). Kept for statistics by hotline.
 */
@Entity({ name: 'hotline' })
@Unique('hotline_number_uq', ['number'])
export class Hotline {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'hotline_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  number: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  mode: HotlineMode;

  @Column({ name: 'default_unit_id', type: 'int', nullable: true })
  defaultUnitId: number | null;

  @Column({ name: 'default_category_id', type: 'int', nullable: true })
  defaultCategoryId: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
