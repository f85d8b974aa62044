import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The phone figures of settled days (kpi-calls.ts), per line: call_record counted by callKpiSelect,
 * once a day is old enough that no late CTI event is expected. hotline_id 0 marks a day as counted.
 */
@Entity({ name: 'kpi_call_daily' })
export class KpiCallDaily {
  @PrimaryColumn({ name: 'day', type: 'date', primaryKeyConstraintName: 'kpi_call_daily_pkey' })
  day: string;

  @PrimaryColumn({ name: 'hotline_id', type: 'int', primaryKeyConstraintName: 'kpi_call_daily_pkey' })
  hotlineId: number;

  @Column({ type: 'int', default: 0 })
  offered: number;

  @Column({ type: 'int', default: 0 })
  answered: number;

  @Column({ type: 'int', default: 0 })
  abandoned: number;

  @Column({ name: 'answered_within', type: 'int', default: 0 })
  answeredWithin: number;

  /** CTI_ANSWER_WITHIN_SECONDS when counted: a day counted with another limit is counted again. */
  @Column({ name: 'answer_within_seconds', type: 'smallint' })
  answerWithinSeconds: number;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
