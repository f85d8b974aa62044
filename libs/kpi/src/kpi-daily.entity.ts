import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const key = (name: string, type: 'smallint' | 'date' | 'int' | 'boolean', extra: Record<string, unknown> = {}) =>
  PrimaryColumn({ name, type, primaryKeyConstraintName: 'kpi_daily_pkey', ...extra });
const counter = (name: string) => Column({ name, type: 'int', default: 0 });

/**
 * The KPI rollup: every order's facts (kpi-facts.ts) summed by city date and cut, at several grains
 * (kpi-rollup.ts), one partition per grain. Dimensions a grain does not keep hold 0 or ''. Kept current by KpiEvents on every
 * order event; `npm run kpi:reconcile` recounts it from the raw tables.
 */
@Entity({ name: 'kpi_daily' })
// Partitioned by grain, with the unit index on the full grain's partition: both written by hand in the migration.
@Index('kpi_daily_unit_idx', { synchronize: false })
export class KpiDaily {
  @key('grain', 'smallint')
  grain: number;

  @key('day', 'date')
  day: string;

  @key('unit_id', 'int')
  unitId: number;

  @key('district_id', 'int')
  districtId: number;

  @key('street_id', 'int')
  streetId: number;

  @key('category_id', 'int')
  categoryId: number;

  @PrimaryColumn({ name: 'channel', type: 'varchar', length: 16, primaryKeyConstraintName: 'kpi_daily_pkey' })
  channel: string;

  @key('hotline_id', 'int')
  hotlineId: number;

  @key('cannot_do', 'boolean')
  cannotDo: boolean;

  @counter('received') received: number;
  @counter('merged') merged: number;
  @counter('accepted') accepted: number;
  @counter('first_contact') firstContact: number;
  @counter('closed') closed: number;
  @counter('supervised') supervised: number;
  @counter('inspected') inspected: number;
  @counter('dispatched') dispatched: number;
  @counter('signed_on_time') signedOnTime: number;
  @counter('responded_on_time') respondedOnTime: number;
  @counter('due_ok') dueOk: number;
  @counter('due_late') dueLate: number;
  @counter('due_open') dueOpen: number;
  @counter('urges') urges: number;
  @counter('cb_reached') cbReached: number;
  @counter('cb_unreached') cbUnreached: number;
  @counter('cb_open') cbOpen: number;
  @counter('res_rated') resRated: number;
  @counter('res_resolved') resResolved: number;
  @counter('sat_rated') satRated: number;
  @counter('sat_satisfied') satSatisfied: number;
}
