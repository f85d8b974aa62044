import { DataSource, EntityManager } from 'typeorm';
import type { CaseSuggestion } from '../figures/report-figures';
import { ReportErrors } from '../report.errors';
import { scrubPersonalData } from './scrub';

export interface CaseQuery {
  scope: { level: 'city' | 'district' | 'unit'; id?: number };
  /** City dates (YYYY-MM-DD) in the city's time zone; `to` exclusive. */
  from: string;
  to: string;
  /** Suggestions per reason; 5 unless given. */
  limit?: number;
  /** The city's time zone (CITY_TIMEZONE); Asia/Shanghai unless given. */
  timezone?: string;
}

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;
const DEFAULT_TIMEZONE = 'Asia/Shanghai';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Ranked {
  id: string;
  n: number;
  reason: CaseSuggestion['reason'];
}

interface CaseRow {
  id: string;
  no: string;
  title: string;
  content: string;
  reply_text: string | null;
  citizen_name: string | null;
  citizen_phone: string | null;
  citizen_enterprise: string | null;
  address: string | null;
  district: string | null;
  category: string | null;
  /** Names and phones of the duplicates merged into it: the same matter told by other citizens. */
  other_names: string[] | null;
  other_phones: string[] | null;
}

/**
 * Typical-case suggestions for the report (典型案例): the top-level orders received in the period and
 * scope that were repeated most (duplicates merged into them) and urged most, each with its content and
 * reply stripped of personal data. Confidential orders are never suggested. An order that is both
 * appears once, under repeated; the urged list is then filled from the next ones.
 */
export async function suggestCases(db: DataSource | EntityManager, q: CaseQuery): Promise<CaseSuggestion[]> {
  const { from, to, limit, timezone } = checkQuery(q);
  const params: unknown[] = [from, to, timezone, limit];
  const where = candidateFilter(q.scope, params);
  const repeated = await rankRepeated(db, where, params);
  const urged = await rankUrged(db, where, [...params, repeated.map((r) => r.id)]);
  const ranked = [...repeated, ...urged];
  if (!ranked.length) return [];
  const rows = await loadCases(
    db,
    ranked.map((r) => r.id),
  );
  return ranked.map((r) => toSuggestion(r, rows.get(r.id)!));
}

function checkQuery(q: CaseQuery): { from: string; to: string; limit: number; timezone: string } {
  const valid = (d: string) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return DATE.test(d) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  };
  if (!valid(q.from) || !valid(q.to)) throw ReportErrors.badPeriod('期间须为 YYYY-MM-DD 格式的日期', { from: q.from, to: q.to });
  if (q.from >= q.to) throw ReportErrors.badPeriod('期间的开始日期须早于结束日期', { from: q.from, to: q.to });
  const limit = q.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw ReportErrors.badPeriod(`典型案例建议数须为 1—${MAX_LIMIT} 之间的整数`, { limit: q.limit });
  if (q.scope.level !== 'city' && (!Number.isInteger(q.scope.id) || q.scope.id! < 1))
    throw ReportErrors.badScope('区或单位范围须指定编号', { level: q.scope.level, id: q.scope.id ?? null });
  return { from: q.from, to: q.to, limit, timezone: q.timezone ?? DEFAULT_TIMEZONE };
}

/**
 * The conditions on a candidate order `p`: top-level, not merged, not confidential, received in the
 * period ($1..$3: from, to, time zone) and in the scope. Appends the scope's id to params.
 */
function candidateFilter(scope: CaseQuery['scope'], params: unknown[]): string {
  const conditions = [
    `p.received_at >= ($1::date)::timestamp AT TIME ZONE $3::text`,
    `p.received_at < ($2::date)::timestamp AT TIME ZONE $3::text`,
    'p.parent_id IS NULL',
    'p.merged_into_id IS NULL',
    'NOT p.confidential',
  ];
  if (scope.level !== 'city') {
    params.push(scope.id);
    conditions.push(`p.${scope.level === 'district' ? 'district_id' : 'lead_unit_id'} = $${params.length}::int`);
  }
  return conditions.join(' AND ');
}

/**
 * Orders with the most duplicates merged into them, whenever the duplicates came in. The duplicates are
 * counted from the partial index on merged_into_id (index-only); candidates are then checked in rank
 * order, so the walk stops at the limit (for a narrow scope the planner hashes the scope's orders instead).
 * The inner sort key must be the outer one (count(*), not its cast), or the planner sorts every candidate.
 */
async function rankRepeated(db: DataSource | EntityManager, where: string, params: unknown[]): Promise<Ranked[]> {
  const rows = (await db.query(
    `SELECT d.id::text AS id, d.n::int AS n
     FROM (
       SELECT merged_into_id AS id, count(*) AS n
       FROM ticket WHERE merged_into_id IS NOT NULL
       GROUP BY merged_into_id
       ORDER BY count(*) DESC, merged_into_id
     ) d
     CROSS JOIN LATERAL (SELECT 1 FROM ticket p WHERE p.id = d.id AND ${where}) ok
     ORDER BY d.n DESC, d.id
     LIMIT $4`,
    params,
  )) as { id: string; n: number }[];
  return rows.map((r) => ({ id: r.id, n: r.n, reason: 'repeated' }));
}

/** Orders urged most, not already suggested as repeated ($last), from the partial index of urged orders by time received. */
async function rankUrged(db: DataSource | EntityManager, where: string, params: unknown[]): Promise<Ranked[]> {
  const rows = (await db.query(
    `SELECT p.id::text AS id, p.urge_count::int AS n
     FROM ticket p
     WHERE p.urge_count > 0 AND ${where} AND p.id <> ALL($${params.length}::bigint[])
     ORDER BY p.urge_count DESC, p.id
     LIMIT $4`,
    params,
  )) as { id: string; n: number }[];
  return rows.map((r) => ({ id: r.id, n: r.n, reason: 'urged' }));
}

/** The suggested orders' text, citizen, district and full category path (城市管理 > 市容环境 > 占道经营). */
async function loadCases(db: DataSource | EntityManager, ids: string[]): Promise<Map<string, CaseRow>> {
  const rows = (await db.query(
    `WITH RECURSIVE t AS (
       SELECT id, no, title, content, reply_text, citizen_name, citizen_phone, citizen_enterprise, address, district_id, category_id
       FROM ticket WHERE id = ANY($1::bigint[])
     ), up AS (
       SELECT t.id AS ticket_id, c.parent_id, c.name, 0 AS depth FROM t JOIN category c ON c.id = t.category_id
       UNION ALL
       SELECT up.ticket_id, c.parent_id, c.name, up.depth + 1 FROM up JOIN category c ON c.id = up.parent_id WHERE up.depth < 8
     )
     SELECT t.id::text AS id, t.no, t.title, t.content, t.reply_text, t.citizen_name, t.citizen_phone, t.citizen_enterprise, t.address,
       r.name AS district,
       (SELECT string_agg(up.name, ' > ' ORDER BY up.depth DESC) FROM up WHERE up.ticket_id = t.id) AS category,
       (SELECT array_agg(m.citizen_name) FROM ticket m WHERE m.merged_into_id = t.id AND m.citizen_name IS NOT NULL) AS other_names,
       (SELECT array_agg(m.citizen_phone) FROM ticket m WHERE m.merged_into_id = t.id AND m.citizen_phone IS NOT NULL) AS other_phones
     FROM t LEFT JOIN region r ON r.id = t.district_id`,
    [ids],
  )) as CaseRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

function toSuggestion(r: Ranked, row: CaseRow): CaseSuggestion {
  const known = {
    names: [row.citizen_name, ...(row.other_names ?? [])].filter((x): x is string => !!x),
    phones: [row.citizen_phone, ...(row.other_phones ?? [])].filter((x): x is string => !!x),
    enterprise: row.citizen_enterprise,
    address: row.address,
  };
  const paragraphs = [`诉求内容：${scrubPersonalData(row.content, known)}`];
  if (row.reply_text?.trim()) paragraphs.push(`办理结果：${scrubPersonalData(row.reply_text, known)}`);
  return {
    ticketId: r.id,
    no: row.no,
    reason: r.reason,
    count: r.n,
    title: scrubPersonalData(row.title, known),
    category: row.category ?? '',
    district: row.district ?? '',
    paragraphs,
  };
}
