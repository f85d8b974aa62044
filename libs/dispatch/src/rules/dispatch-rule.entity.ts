import { Category, Region } from '@app/catalog';
import { Unit } from '@app/identity';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One line of the dispatch catalogue (派单目录): orders of this category (optionally only in this
 * region, optionally only when the text has one of these keywords) go to this lead unit, with these
 * co-handling units. Higher priority wins; `autoDispatch` marks a rule confident enough to dispatch
 * without a dispatcher where the category allows it.
 */
@Entity({ name: 'dispatch_rule' })
@Index('dispatch_rule_category_idx', ['categoryId', 'active'])
export class DispatchRule {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'dispatch_rule_pkey' })
  id: number;

  @Column({ name: 'category_id', type: 'int' })
  categoryId: number;

  @ManyToOne(() => Category, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'dispatch_rule_category_fk' })
  category?: Category;

  /** A district, street or community; null for the whole city. */
  @Column({ name: 'region_id', type: 'int', nullable: true })
  regionId: number | null;

  @ManyToOne(() => Region, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'dispatch_rule_region_fk' })
  region?: Region;

  /** Any one of these in the title or content narrows the rule; empty means no keyword condition. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ name: 'lead_unit_id', type: 'int' })
  leadUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_unit_id', foreignKeyConstraintName: 'dispatch_rule_lead_unit_fk' })
  leadUnit?: Unit;

  @Column({ name: 'co_unit_ids', type: 'int', array: true, default: () => "'{}'" })
  coUnitIds: number[];

  @Column({ type: 'int', default: 0 })
  priority: number;

  @Column({ name: 'auto_dispatch', type: 'boolean', default: false })
  autoDispatch: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ name: 'updated_by', type: 'int', nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
