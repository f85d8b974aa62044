import { Client } from 'pg';

/** Words whose document frequency shows the spread: very common (办理), topic words (医保), rare pairs. */
const PROBE_WORDS = ['办理', '申请', '材料', '办', '窗口', '带', '标准', '医疗保险', '医保', '公积金', '门诊', '报销', '物业费', '提取'];

export interface KbData {
  entries: number;
  kinds: Record<string, number>;
  expired: number;
  avgBodyChars: number;
  avgLexemes: number;
  /** pg_column_size: above ~2 kB a value is compressed or moved to TOAST, and read back at each use. */
  avgVectorBytes: number;
  tableMiB: number;
  searchIndexMiB: number;
  /** How many entries contain each probe word (any weight). */
  documentFrequency: Record<string, number>;
}

const mib = (bytes: unknown) => Math.round((Number(bytes) / 2 ** 20) * 10) / 10;

export async function describeKb(db: Client): Promise<KbData> {
  const { rows: kinds } = await db.query('SELECT kind, count(*)::int AS n FROM knowledge_entry GROUP BY kind ORDER BY n DESC');
  const { rows: agg } = await db.query(`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE expires_on < current_date)::int AS expired,
           avg(length(body))::float AS body,
           pg_total_relation_size('knowledge_entry') - pg_indexes_size('knowledge_entry') AS table_bytes,
           pg_relation_size('knowledge_entry_search_idx') AS index_bytes
      FROM knowledge_entry`);
  const { rows: lex } = await db.query(
    `SELECT avg(length(search_vector))::float AS lexemes, avg(pg_column_size(search_vector))::float AS bytes FROM knowledge_entry TABLESAMPLE SYSTEM (5)`,
  );
  const documentFrequency: Record<string, number> = {};
  for (const w of PROBE_WORDS) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM knowledge_entry WHERE search_vector @@ to_tsquery('simple', $1)`, [
      `'${w}'`,
    ]);
    documentFrequency[w] = rows[0].n;
  }
  return {
    entries: agg[0].n,
    kinds: Object.fromEntries(kinds.map((k) => [k.kind, k.n])),
    expired: agg[0].expired,
    avgBodyChars: Math.round(agg[0].body),
    avgLexemes: Math.round(lex[0].lexemes ?? 0),
    avgVectorBytes: Math.round(lex[0].bytes ?? 0),
    tableMiB: mib(agg[0].table_bytes),
    searchIndexMiB: mib(agg[0].index_bytes),
    documentFrequency,
  };
}
