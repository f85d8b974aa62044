import type { DataSource, EntityManager } from 'typeorm';
import { ParsedExport, RowReport, parseLegacyCsv } from './legacy-csv';
import { LegacyCatalog, ResolvedOrder, buildCatalog, resolveLegacyOrder } from './legacy-resolve';

/** A legacy system's short name, as stored in legacy_order_ref.legacy_system. */
export const LEGACY_SYSTEM_PATTERN = /^[\w.-]{1,32}$/;

export interface LegacyImportOptions {
  /** Parse, resolve and look up the numbers already imported, without writing. */
  dryRun?: boolean;
  /**
   * Called after each batch commits, with the ids of the orders it wrote: where the caller refreshes
   * the rollups, so that a failure in a later batch leaves every written order counted.
   */
  onWritten?: (ticketIds: string[]) => Promise<void>;
}

export interface LegacyImportReport {
  system: string;
  /** Checked only: rows reported as an import would report them, nothing written. */
  dryRun: boolean;
  missingColumns: string[];
  accepted: number;
  duplicate: number;
  invalid: number;
  rows: RowReport[];
}

/**
 * Loads previous years' orders from a legacy system's CSV export, so that the first year on the
 * platform already has year-on-year figures. Each row is checked (parse, then names against the city)
 * and reported as accepted, duplicate or invalid with reasons. Accepted rows become archived orders
 * with the few flow steps the KPIs read (register, dispatch, reply, record_callback, archive), in
 * batches of one transaction each. Idempotent on (system, legacy order number): a second run reports
 * the rows as duplicates and writes nothing.
 *
 * Legacy exports know only whether an order was overdue, not its deadline: the deadline written is
 * the finish time (on time) or one minute before it (overdue), marked time_limit_rule 'legacy', so the
 * on-time figures reproduce the legacy flag. No rollup is updated here: the caller refreshes the orders
 * written (each accepted row's ticketId), or rebuilds the rollups after a large import.
 */
export class LegacyOrderImport {
  constructor(
    private readonly dataSource: DataSource,
    private readonly batchSize = 1000,
  ) {}

  /** The pure half: reads and checks the export without touching the database. */
  parse(csv: string): ParsedExport {
    return parseLegacyCsv(csv);
  }

  /** Takes the export as text, or as `parse()` already read it (the API checks it first). */
  async import(csv: string | ParsedExport, system: string, opts: LegacyImportOptions = {}): Promise<LegacyImportReport> {
    if (!LEGACY_SYSTEM_PATTERN.test(system)) throw new Error('the legacy system name must be 1-32 letters, digits, ".", "_" or "-"');
    const parsed = typeof csv === 'string' ? this.parse(csv) : csv;
    const catalog = await this.catalog();
    const pending: { report: RowReport; resolved: ResolvedOrder }[] = [];
    for (const r of parsed.rows) {
      if (!r.order) continue;
      const { resolved, reasons } = resolveLegacyOrder(r.order, catalog);
      if (!resolved) Object.assign(r.report, { status: 'invalid', reasons });
      else pending.push({ report: r.report, resolved });
    }
    for (let i = 0; i < pending.length; i += this.batchSize) {
      const batch = pending.slice(i, i + this.batchSize);
      if (opts.dryRun) {
        await markTaken(this.dataSource.manager, system, batch);
        continue;
      }
      const ids = await this.dataSource.transaction((m) => this.writeBatch(m, system, batch));
      if (ids.length && opts.onWritten) await opts.onWritten(ids);
    }
    const rows = parsed.rows.map((r) => r.report);
    const count = (s: RowReport['status']) => rows.filter((r) => r.status === s).length;
    return {
      system,
      dryRun: opts.dryRun === true,
      missingColumns: parsed.missingColumns,
      accepted: count('accepted'),
      duplicate: count('duplicate'),
      invalid: count('invalid'),
      rows,
    };
  }

  private async catalog(): Promise<LegacyCatalog> {
    const q = (sql: string) => this.dataSource.query(sql);
    return buildCatalog({
      categories: await q(`SELECT id, name, code FROM category WHERE level = 3`),
      districts: await q(`SELECT id, name FROM region WHERE level = 'district'`),
      streets: await q(`SELECT id, name, parent_id AS "districtId" FROM region WHERE level = 'street'`),
      units: await q(`SELECT id, name FROM unit`),
    });
  }

  /** Writes the batch's new orders; returns their ids. */
  private async writeBatch(m: EntityManager, system: string, batch: { report: RowReport; resolved: ResolvedOrder }[]): Promise<string[]> {
    // One importer per legacy system at a time: the duplicate check below then holds until commit.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('legacy_order_ref:' || $1))`, [system]);
    const fresh = await markTaken(m, system, batch);
    if (!fresh.length) return [];
    const ids: string[] = (
      await m.query(`SELECT nextval(pg_get_serial_sequence('ticket', 'id'))::text AS id FROM generate_series(1, $1)`, [fresh.length])
    ).map((r: { id: string }) => r.id);
    fresh.forEach((b, i) => (b.report.ticketId = ids[i]));
    const col = <T>(f: (r: ResolvedOrder) => T) => fresh.map((b) => f(b.resolved));
    const params = [
      ids,
      col((r) => r.order.legacyNo),
      col((r) => r.order.receivedAt.toISOString()),
      col((r) => r.order.closedAt.toISOString()),
      col((r) => r.order.channel),
      col((r) => r.order.appealType),
      col((r) => r.categoryId),
      col((r) => r.districtId),
      col((r) => r.streetId),
      col((r) => r.unitId),
      col((r) => r.order.overdue),
      col((r) => r.order.satisfaction),
      col((r) => r.order.callbackReached),
      col((r) => r.order.content),
      system,
    ];
    await m.query(INSERT_SQL, params);
    return ids;
  }
}

/** Reports the rows whose number this system already imported as duplicates; returns the others. */
async function markTaken(
  m: EntityManager,
  system: string,
  batch: { report: RowReport; resolved: ResolvedOrder }[],
): Promise<{ report: RowReport; resolved: ResolvedOrder }[]> {
  const taken = new Set<string>(
    (
      await m.query(`SELECT legacy_no FROM legacy_order_ref WHERE legacy_system = $1 AND legacy_no = ANY($2::text[])`, [
        system,
        batch.map((b) => b.resolved.order.legacyNo),
      ])
    ).map((r: { legacy_no: string }) => r.legacy_no),
  );
  return batch.filter((b) => {
    if (!taken.has(b.resolved.order.legacyNo)) return true;
    Object.assign(b.report, { status: 'duplicate', reasons: ['已导入过（同一系统的同一工单编号）'] });
    return false;
  });
}

/** $1 ids, $2 legacy numbers, $3..$14 the orders' columns, $15 the legacy system. */
const INSERT_SQL = `
WITH r AS MATERIALIZED (
  SELECT r.*, c.name AS category_name,
    CASE WHEN r.overdue THEN r.closed_at - interval '1 minute' ELSE r.closed_at END AS due_at
  FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[],
              $10::int[], $11::bool[], $12::text[], $13::bool[], $14::text[])
    AS r(id, legacy_no, received_at, closed_at, channel, appeal_type, category_id, district_id, street_id, unit_id, overdue, satisfaction,
         reached, content)
  JOIN category c ON c.id = r.category_id
), t AS (
  INSERT INTO ticket (id, no, state, appeal_type, urgency, channel, category_id, tags, district_id, street_id, title, content, lead_unit_id,
    dispatch_level, closure_kind, closure_note, callback_reached, satisfaction, finish_due_at, due_at, time_limit_rule, received_at,
    registered_at, dispatched_at, replied_at, called_back_at, closed_at, archived_at)
  SELECT id, to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(nextval('ticket_no_seq')::text, 8, '0'),
    'archived', appeal_type, 'normal', channel, category_id, '{历史导入}'::text[], district_id, street_id,
    left(coalesce(nullif(split_part(content, '。', 1), ''), category_name || '（历史工单）'), 200),
    coalesce(content, '历史工单，原系统' || $15 || '，编号' || legacy_no || '。'),
    unit_id, CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END,
    CASE WHEN unit_id IS NULL THEN 'first_contact' ELSE 'handled' END,
    '历史数据导入：' || $15 || ' ' || legacy_no,
    reached, satisfaction,
    CASE WHEN unit_id IS NOT NULL THEN due_at END, CASE WHEN unit_id IS NOT NULL THEN due_at END,
    CASE WHEN unit_id IS NOT NULL THEN 'legacy' END,
    received_at, received_at, CASE WHEN unit_id IS NOT NULL THEN received_at END, CASE WHEN unit_id IS NOT NULL THEN closed_at END,
    CASE WHEN reached IS NOT NULL THEN closed_at END, closed_at, closed_at
  FROM r
), ref AS (
  INSERT INTO legacy_order_ref (ticket_id, legacy_system, legacy_no) SELECT id, $15, legacy_no FROM r
), cb AS (
  INSERT INTO callback_task (ticket_id, round, kind, state, unit_id, due_at, attempts, channel, reached, satisfaction, completed_at, created_at)
  SELECT id, 0, CASE WHEN unit_id IS NULL THEN 'sample' ELSE 'handled' END, CASE WHEN reached THEN 'done' ELSE 'unreached' END, unit_id,
    closed_at, 1, 'phone', reached, satisfaction, closed_at, closed_at
  FROM r WHERE reached IS NOT NULL
)
INSERT INTO ticket_flow (ticket_id, action, from_state, to_state, actor_unit_id, opinion, details, created_at)
SELECT r.id, s.action, s.from_state, s.to_state, s.unit_id, s.opinion, s.details, s.at
FROM r CROSS JOIN LATERAL (VALUES
  (true, 'register', NULL, 'registered', NULL::int, '历史数据导入', jsonb_build_object('legacySystem', $15::text, 'legacyNo', legacy_no), received_at),
  (unit_id IS NULL, 'close_first_contact', 'registered', 'closed', NULL, NULL, NULL, closed_at),
  (unit_id IS NOT NULL, 'dispatch', 'registered', 'dispatched', NULL, NULL,
    jsonb_build_object('leadUnitId', unit_id, 'coUnitIds', '[]'::jsonb, 'dueAt', due_at), received_at),
  (unit_id IS NOT NULL, 'reply', 'in_progress', 'replied', unit_id, NULL, NULL, closed_at),
  (reached IS NOT NULL, 'record_callback', 'callback_pending', 'closed', NULL, NULL,
    jsonb_build_object('reached', reached, 'satisfaction', satisfaction), closed_at),
  (true, 'archive', 'closed', 'archived', NULL, NULL, NULL, closed_at)
) AS s(cond, action, from_state, to_state, unit_id, opinion, details, at)
WHERE s.cond`;
