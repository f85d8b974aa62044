import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { insertCallbackTasks } from '../../scripts/seed/insert-activity';
import { fmt, log, timed } from '../core/util';

/** Calls a day: about one per phone order of the loaded year, plus the calls that never became an order. */
const CALLS_PER_DAY = 1600;

/**
 * What the KPIs read besides orders, which bench/core does not load: callback tasks (derived from the
 * orders' recorded callbacks by the demo seed's own rules) and a year of call records. Added once.
 */
export async function ensureActivity(db: Client, now: Date): Promise<void> {
  const count = async (t: string) => Number((await db.query(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
  if ((await count('callback_task')) === 0) {
    const m = { query: (sql: string, params?: unknown[]) => db.query(sql, params).then((r) => r.rows) } as unknown as EntityManager;
    const [, s] = await timed(() => insertCallbackTasks(m));
    log(`callback tasks: ${fmt(await count('callback_task'))} derived from the orders' callbacks in ${s.toFixed(1)} s`);
  }
  if ((await count('call_record')) === 0) {
    const [, s] = await timed(() =>
      db.query(
        `INSERT INTO call_record (call_id, caller_number, dialled_number, hotline_id, state, started_at, offered_at, answered_at,
                                  abandoned_at, ended_at, wait_seconds, talk_seconds)
         SELECT 'bench-' || d || '-' || n, '13' || lpad((floor(r_line * 1e9))::bigint::text, 9, '0'),
                h.number, h.id, CASE WHEN abandoned THEN 'abandoned' ELSE 'ended' END, at, at,
                CASE WHEN NOT abandoned THEN at + make_interval(secs => wait) END,
                CASE WHEN abandoned THEN at + make_interval(secs => wait) END,
                CASE WHEN NOT abandoned THEN at + make_interval(secs => wait + 180) END,
                wait, CASE WHEN NOT abandoned THEN 180 END
         FROM (
           SELECT d, n, $1::timestamptz - make_interval(days => d) + make_interval(secs => (random() * 86400)::int) AS at,
                  random() < 0.02 AS abandoned, (CASE WHEN random() < 0.85 THEN 2 + random() * 13 ELSE 16 + random() * 60 END)::int AS wait,
                  random() AS r_line
           FROM generate_series(1, 365) d, generate_series(1, $2::int) n
         ) c
         JOIN hotline h ON h.id = CASE WHEN r_line < 0.9 THEN 1 WHEN r_line < 0.94 THEN 2 WHEN r_line < 0.97 THEN 3 ELSE 4 END`,
        [now, CALLS_PER_DAY],
      ),
    );
    await db.query('VACUUM (ANALYZE) call_record, callback_task');
    log(`call records: ${fmt(await count('call_record'))} over a year in ${s.toFixed(1)} s`);
  }
}
