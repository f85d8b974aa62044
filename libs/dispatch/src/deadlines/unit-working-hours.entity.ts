import { Unit } from '@app/identity';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A unit's office hours, for limits counted in working hours; units without a row keep the default. */
@Entity({ name: 'unit_working_hours' })
export class UnitWorkingHours {
  @PrimaryColumn({ name: 'unit_id', type: 'int', primaryKeyConstraintName: 'unit_working_hours_pkey' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'unit_working_hours_unit_fk' })
  unit?: Unit;

  /** 'HH:MM' in city time. */
  @Column({ name: 'start_time', type: 'varchar', length: 5 })
  startTime: string;

  @Column({ name: 'end_time', type: 'varchar', length: 5 })
  endTime: string;
}
