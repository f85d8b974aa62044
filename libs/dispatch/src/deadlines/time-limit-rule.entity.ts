import { Category } from '@app/catalog';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const LIMIT_UNITS = ['clock_hours', 'working_hours', 'working_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/**
 * A time limit: for orders of this appeal type and urgency (null = any), optionally only this category,
 * how long until sign-for, first contact and finish. The most specific matching rule wins (category,
 * then appeal type and urgency), then the higher priority.
 */
@Entity({ name: 'time_limit_rule' })
@Unique('time_limit_rule_code_uq', ['code'])
@Check(
  'time_limit_rule_units_ck',
  `sign_unit IN ('clock_hours','working_hours','working_days') AND contact_unit IN ('clock_hours','working_hours','working_days') AND finish_unit IN ('clock_hours','working_hours','working_days')`,
)
export class TimeLimitRule {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'time_limit_rule_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'appeal_type', type: 'varchar', length: 16, nullable: true })
  appealType: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  urgency: string | null;

  @Column({ name: 'category_id', type: 'int', nullable: true })
  categoryId: number | null;

  @ManyToOne(() => Category, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'time_limit_rule_category_fk' })
  category?: Category;

  @Column({ name: 'sign_amount', type: 'numeric', precision: 6, scale: 2 })
  signAmount: string;

  @Column({ name: 'sign_unit', type: 'varchar', length: 16 })
  signUnit: LimitUnit;

  @Column({ name: 'contact_amount', type: 'numeric', precision: 6, scale: 2 })
  contactAmount: string;

  @Column({ name: 'contact_unit', type: 'varchar', length: 16 })
  contactUnit: LimitUnit;

  @Column({ name: 'finish_amount', type: 'numeric', precision: 6, scale: 2 })
  finishAmount: string;

  @Column({ name: 'finish_unit', type: 'varchar', length: 16 })
  finishUnit: LimitUnit;

  @Column({ type: 'int', default: 0 })
  priority: number;

  /** Applies only when a dispatcher chooses it (复杂事项, approved), never by matching. */
  @Column({ name: 'manual_only', type: 'boolean', default: false })
  manualOnly: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
