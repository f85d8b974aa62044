import type { EntityManager } from 'typeorm';

/**
 * The demo's callback tasks, derived from the orders' own history: every recorded callback becomes a
 * done (or unreached) task of its handling round, and every order waiting for a callback gets a
 * pending task due the day after its reply was accepted. The same rules the callback workflow uses.
 */
export async function insertCallbackTasks(m: EntityManager): Promise<void> {
  await m.query(
    `INSERT INTO callback_task (ticket_id, round, kind, state, unit_id, due_at, attempts, channel, reached, resolved, satisfaction,
                                completed_at, completed_by, created_at)
     SELECT f.ticket_id,
            (SELECT count(*) FROM ticket_flow r WHERE r.ticket_id = f.ticket_id AND r.action = 'reopen' AND r.id < f.id)::smallint,
            'handled',
            CASE WHEN (f.details->>'reached')::boolean THEN 'done' ELSE 'unreached' END,
            t.lead_unit_id,
            coalesce((SELECT max(a.created_at) FROM ticket_flow a WHERE a.ticket_id = f.ticket_id AND a.action = 'accept_reply' AND a.id < f.id),
                     f.created_at) + interval '1 day',
            CASE WHEN (f.details->>'reached')::boolean THEN 1 ELSE 3 END,
            'phone',
            (f.details->>'reached')::boolean,
            f.details->>'resolved',
            f.details->>'satisfaction',
            f.created_at,
            f.actor_user_id,
            f.created_at
     FROM ticket_flow f JOIN ticket t ON t.id = f.ticket_id
     WHERE f.action = 'record_callback'
     ON CONFLICT ON CONSTRAINT callback_task_round_uq DO NOTHING`,
  );
  await m.query(
    `INSERT INTO callback_task (ticket_id, round, kind, state, unit_id, due_at, created_at)
     SELECT t.id, t.reopen_round, 'handled', 'pending', t.lead_unit_id,
            coalesce((SELECT max(a.created_at) FROM ticket_flow a WHERE a.ticket_id = t.id AND a.action = 'accept_reply'), t.updated_at)
              + interval '1 day',
            now()
     FROM ticket t WHERE t.state = 'callback_pending'
     ON CONFLICT ON CONSTRAINT callback_task_round_uq DO NOTHING`,
  );
}

/**
 * A month of call records for the demo's phone figures (接通率, 15秒应答率, the live board): calls
 * arriving through the working day with a morning and an afternoon peak, most answered within 15 s,
 * about 3% abandoned, a fifth on the merged lines. Deterministic (setseed), so every demo looks the same.
 */
export async function insertDemoCalls(m: EntityManager, now: Date, agentIds: number[]): Promise<void> {
  await m.query(`SELECT setseed(0.12345)`);
  await m.query(
    `WITH lines AS (
       SELECT array_agg(id ORDER BY number) AS ids, array_agg(number ORDER BY number) AS numbers,
              (array_agg(id) FILTER (WHERE mode = 'primary'))[1] AS main_id
       FROM hotline WHERE active
     ), calls AS (
       SELECT d, n,
              date_trunc('day', $1::timestamptz - make_interval(days => d)) + interval '8 hours'
                + make_interval(secs => (CASE WHEN random() < 0.5 THEN 3600 + random() * 7200 ELSE 6 * 3600 + random() * 7200 END)
                                        + random() * 3600) AS offered_at,
              random() AS r_abandon, random() AS r_wait, random() AS r_line, random() AS r_agent
       FROM generate_series(1, 30) d, generate_series(1, 120) n
     )
     INSERT INTO call_record (call_id, caller_number, dialled_number, hotline_id, state, agent_user_id, started_at, offered_at,
                              answered_at, abandoned_at, ended_at, wait_seconds, talk_seconds, recording_ref, missed_callback_status)
     SELECT 'demo-' || d || '-' || n,
            '13' || lpad((floor(random() * 1e9))::bigint::text, 9, '0'),
            CASE WHEN r_line < 0.8 THEN '12345' ELSE lines.numbers[1 + floor(r_line * 100)::int % array_length(lines.numbers, 1)] END,
            CASE WHEN r_line < 0.8 THEN lines.main_id ELSE lines.ids[1 + floor(r_line * 100)::int % array_length(lines.ids, 1)] END,
            CASE WHEN r_abandon < 0.03 THEN 'abandoned' ELSE 'ended' END,
            CASE WHEN r_abandon < 0.03 THEN NULL ELSE ($2::int[])[1 + floor(r_agent * array_length($2::int[], 1))::int] END,
            offered_at, offered_at,
            CASE WHEN r_abandon < 0.03 THEN NULL ELSE offered_at + make_interval(secs => wait) END,
            CASE WHEN r_abandon < 0.03 THEN offered_at + make_interval(secs => wait + 20) END,
            CASE WHEN r_abandon < 0.03 THEN NULL ELSE offered_at + make_interval(secs => wait + 120 + (r_agent * 240)::int) END,
            CASE WHEN r_abandon < 0.03 THEN wait + 20 ELSE wait END,
            CASE WHEN r_abandon < 0.03 THEN NULL ELSE 120 + (r_agent * 240)::int END,
            CASE WHEN r_abandon < 0.03 THEN NULL ELSE 'rec/demo/' || d || '/' || n || '.wav' END,
            CASE WHEN r_abandon < 0.03 THEN (CASE WHEN d > 1 THEN 'reached' ELSE 'pending' END) END
     FROM calls, lines, LATERAL (SELECT (CASE WHEN r_wait < 0.85 THEN 2 + r_wait * 14 ELSE 15 + r_wait * 40 END)::int AS wait) w
     WHERE offered_at < $1`,
    [now, agentIds],
  );
}
