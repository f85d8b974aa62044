import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A day that differs from Monday-to-Friday: a holiday on a weekday, or a make-up working weekend (调休).
 * Shipped from the State Council notices (libs/dispatch/src/calendar/holidays.data.json); admins edit it.
 */
@Entity({ name: 'calendar_day' })
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'calendar_day_pkey' })
  day: string;

  @Column({ type: 'boolean' })
  working: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  name: string | null;

  /** 'notice' (shipped from an official notice), 'provisional' (statutory only), or 'admin'. */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ name: 'updated_by', type: 'int', nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
