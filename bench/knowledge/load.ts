import { hashPassword } from '@app/identity';
import { KnowledgeText, plainText } from '@app/knowledge';
import { Client } from 'pg';
import { fmt, log } from '../core/util';
import { EntryGenerator, GenEntry } from './generator';
import { CATEGORIES, CITY, DEPARTMENTS, DISTRICTS } from './topics';

export const KB_PASSWORD = 'Bench#12345';
export const KB_AGENT = 'bench_kb_agent';
const BATCH = 1000;
export const SEED = 20_240_601;

export interface KbLoadFigures {
  entries: number;
  reused: boolean;
  seconds: { org: number; entries: number; generateAndSegment: number; index: number; vacuum: number; total: number };
}

/** Unit ids: 1 is the centre, then one per department in DEPARTMENTS order. */
const unitIds = new Map(Object.keys(DEPARTMENTS).map((k, i) => [k, i + 2]));

async function insertRows(db: Client, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  await db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
}

/** The centre, the departments that own entries, the districts (their names go into the segmenter's dictionary), categories, one agent. */
export async function insertKbOrg(db: Client): Promise<void> {
  await insertRows(
    db,
    'region',
    ['id', 'code', 'name', 'level', 'parent_id'],
    DISTRICTS.map((d, i) => [i + 1, `3321${String(i + 1).padStart(2, '0')}`, d, 'district', null]),
  );
  const units: unknown[][] = [[1, 'CENTRE', `${CITY}12345政务服务便民热线中心`, 'centre', null, '/1/']];
  for (const [key, d] of Object.entries(DEPARTMENTS)) {
    const id = unitIds.get(key)!;
    units.push([id, `KB-${key.toUpperCase()}`, `${CITY}${d.name}`, d.type, 1, `/1/${id}/`]);
  }
  await insertRows(db, 'unit', ['id', 'code', 'name', 'type', 'parent_id', 'path'], units);
  await insertRows(
    db,
    'category',
    ['id', 'code', 'name', 'level', 'parent_id', 'sort_order'],
    CATEGORIES.map((c, i) => [i + 1, `K${i + 1}`, c, 1, null, i + 1]),
  );
  await insertRows(
    db,
    'app_user',
    ['id', 'username', 'display_name', 'password_hash', 'role', 'unit_id'],
    [[1, KB_AGENT, '话务员（知识库压测）', await hashPassword(KB_PASSWORD), 'agent', 1]],
  );
}

/**
 * One statement per batch: arrays unnested into rows, the search vector built exactly as
 * KnowledgeText.writeVector builds it (title A, question A, tags + document number B, body C).
 */
const INSERT_SQL = `
  INSERT INTO knowledge_entry (kind, status, title, question, body, doc_number, issuing_unit, owner_unit_id, category_ids, tags,
    region_ids, effective_from, expires_on, usage_count, published_at, reviewed_at, search_vector)
  SELECT kind, 'published', title, question, body, doc_number, issuing_unit, owner, ARRAY[cat], string_to_array(tags, '|'),
    CASE WHEN region IS NULL THEN '{}'::int[] ELSE ARRAY[region] END, eff, exp, usage, eff::timestamptz, eff::timestamptz,
    setweight(to_tsvector('simple', s_title), 'A') || setweight(to_tsvector('simple', s_question), 'A') ||
    setweight(to_tsvector('simple', s_tags), 'B') || setweight(to_tsvector('simple', s_body), 'C')
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::int[],
              $11::date[], $12::date[], $13::int[], $14::text[], $15::text[], $16::text[], $17::text[])
    AS t(kind, title, question, body, doc_number, issuing_unit, owner, cat, tags, region, eff, exp, usage,
         s_title, s_question, s_tags, s_body)`;

type Segment = (text: string) => string;

function batchParams(rows: GenEntry[], seg: Segment): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 17 }, () => []);
  for (const e of rows) {
    const values = [
      e.kind,
      e.title,
      e.question,
      e.body,
      e.docNumber,
      e.issuingUnit,
      unitIds.get(e.dept),
      e.cat + 1,
      e.tags.join('|'),
      e.district === null ? null : e.district + 1,
      e.effectiveFrom,
      e.expiresOn,
      e.usageCount,
      seg(e.title),
      seg(e.question ?? ''),
      seg([...e.tags, e.docNumber ?? ''].join(' ')),
      seg(plainText(e.body)),
    ];
    values.forEach((v, i) => cols[i].push(v));
  }
  return cols;
}

/**
 * Generates and inserts the entries. Node segments batch k+1 while PostgreSQL inserts batch k. The
 * GIN index is dropped during the load and rebuilt once afterwards (same definition), which is
 * several times faster than maintaining it row by row.
 */
export async function loadEntries(
  db: Client,
  text: KnowledgeText,
  n: number,
): Promise<Omit<KbLoadFigures, 'reused' | 'seconds'> & { seconds: Omit<KbLoadFigures['seconds'], 'org' | 'total'> }> {
  const seg = await text.seg();
  const segment: Segment = (s) => seg.forIndex(s);
  await db.query(`SET synchronous_commit = off; SET maintenance_work_mem = '1GB'`);
  try {
    await db.query('SET session_replication_role = replica'); // skip the FK triggers: owners exist by construction
  } catch {
    log('not a superuser: foreign-key triggers stay on during the load');
  }
  const { rows: idx } = await db.query(`SELECT pg_get_indexdef('knowledge_entry_search_idx'::regclass) AS def`);
  await db.query('DROP INDEX knowledge_entry_search_idx');

  const gen = new EntryGenerator(SEED);
  let cpu = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < n;) {
    const size = Math.min(BATCH, n - done);
    const c0 = process.hrtime.bigint();
    const params = batchParams(
      Array.from({ length: size }, () => gen.next()),
      segment,
    );
    cpu += Number(process.hrtime.bigint() - c0) / 1e9;
    await pending;
    pending = db.query(INSERT_SQL, params);
    done += size;
    if (done % 50_000 === 0 || done === n) log(`  ${fmt(done)} / ${fmt(n)} entries`);
  }
  await pending;
  const entries = Number(process.hrtime.bigint() - t0) / 1e9;

  const t1 = process.hrtime.bigint();
  await db.query(idx[0].def);
  const index = Number(process.hrtime.bigint() - t1) / 1e9;
  await db.query('RESET session_replication_role');
  const t2 = process.hrtime.bigint();
  await db.query('VACUUM ANALYZE');
  await db.query('CHECKPOINT');
  const vacuum = Number(process.hrtime.bigint() - t2) / 1e9;
  return { entries: n, seconds: { entries, generateAndSegment: cpu, index, vacuum } };
}

/** Written last: a database without it (an interrupted load) is never reused. */
export async function writeMeta(db: Client, figures: KbLoadFigures, fingerprint: string): Promise<void> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS bench_kb_meta (entries int NOT NULL, seconds jsonb, fingerprint text,
       loaded_at timestamptz NOT NULL DEFAULT now())`,
  );
  await db.query('INSERT INTO bench_kb_meta (entries, seconds, fingerprint) VALUES ($1, $2, $3)', [
    figures.entries,
    JSON.stringify(figures.seconds),
    fingerprint,
  ]);
}
