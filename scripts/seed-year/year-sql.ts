/**
 * One statement generates one day of a synthetic year: the orders, their flow and their callback tasks,
 * all from one materialized set of random draws, so the three agree. Every draw happens once per row
 * in the innermost layer; each later layer only computes from it (`OFFSET 0` keeps layers apart).
 *
 * The timeline of an order is computed in full, then cut at the snapshot ($4, the end of the year):
 * whatever would happen after it has not happened yet, which gives the open orders at year end.
 *
 * Parameters:
 *   $1 first id − 1   $2 orders this day   $3 the day (YYYY-MM-DD, city time)   $4 snapshot
 *   $5 categories' cumulative shares (this month), $6 places', $7 day hours', $8 night hours' (width_bucket thresholds)
 *   $9..$14 categories: id, unit (0 district, −1 street), kind (0 handled, 1 transferred, 2 not accepted), night, hotline, name
 *   $15..$20 places: district, street, community regions, district unit, street unit, name
 *   $21 unit late share, $22 unit dissatisfied share (both by unit id)   $23 primary hotline   $24 agent   $25 dispatcher
 *   $26 handler by unit id (0 = none)   $27 centre unit
 */

const TITLES = ['%s附近%s问题', '反映%s%s', '%s%s问题长期未解决', '%s一带%s'];

export const DAY_SQL = `
WITH b AS (
  SELECT g, $1::bigint + g AS id,
    random() AS r_cat, random() AS r_place, random() AS r_hour, random() AS r_min, random() AS r_kind, random() AS r_app,
    random() AS r_urg, random() AS r_chan, random() AS r_line, random() AS r_merge, random() AS r_par, random() AS r_t1,
    random() AS r_t2, random() AS r_t3, random() AS r_t4, random() AS r_t5, random() AS r_late, random() AS r_ext,
    random() AS r_reach, random() AS r_sat, random() AS r_sat2, random() AS r_reop, random() AS r_res, random() AS r_flag,
    random() AS r_hold, random() AS r_phone
  FROM generate_series(1, $2::int) AS g
), o AS MATERIALIZED (
  SELECT b.*, ($9::int[])[k] AS category_id, ($11::int[])[k] AS cat_kind,
    (($3::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
      + (width_bucket(r_hour, CASE WHEN ($12::int[])[k] = 1 THEN $8::float8[] ELSE $7::float8[] END) - 1 + r_min) * interval '1 hour'
      AS own_received,
    CASE WHEN r_app < 0.30 THEN 'consultation' WHEN r_app < 0.46 THEN 'help' WHEN r_app < 0.76 THEN 'complaint' WHEN r_app < 0.84 THEN 'report'
      WHEN r_app < 0.91 THEN 'suggestion' WHEN r_app < 0.93 THEN 'praise' WHEN r_app < 0.936 THEN 'cannot_do' ELSE 'other' END AS appeal_type,
    CASE WHEN g > 31 AND r_merge < 0.025 THEN g - 1 - floor(r_par * 30)::int END AS parent_g
  FROM (SELECT b.*, width_bucket(r_cat, $5::float8[]) AS k, width_bucket(r_place, $6::float8[]) AS p FROM b) b
), m AS (
  SELECT o.*, pp.id AS merged_into_id, coalesce(pp.k, o.k) AS k2, coalesce(pp.p, o.p) AS p2,
    CASE WHEN pp.id IS NOT NULL THEN 'merged'
      WHEN o.cat_kind = 1 THEN 'transferred' WHEN o.cat_kind = 2 THEN 'not_accepted'
      WHEN o.appeal_type = 'consultation' AND o.r_kind < 0.85 THEN 'first_contact'
      WHEN o.appeal_type = 'praise' AND o.r_kind < 0.9 THEN 'first_contact'
      WHEN o.r_kind < 0.07 THEN 'first_contact' ELSE 'handled' END AS kind,
    -- a duplicate arrives a little after its parent, on the same day (the chunk is the day)
    CASE WHEN pp.id IS NOT NULL THEN least(pp.own_received + (5 + o.r_t1 * 600) * interval '1 minute',
      (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 second') ELSE o.own_received END AS received_at
  FROM o LEFT JOIN o pp ON pp.g = o.parent_g AND pp.parent_g IS NULL AND pp.cat_kind = 0
    AND NOT (pp.appeal_type IN ('consultation','praise') AND pp.r_kind < 0.9) AND pp.r_kind >= 0.07
), t1 AS (
  SELECT m.*, ($9::int[])[k2] AS cat_id, ($14::text[])[k2] AS cat_name, ($20::text[])[p2] AS place_name,
    CASE ($10::int[])[k2] WHEN 0 THEN ($18::int[])[p2] WHEN -1 THEN ($19::int[])[p2] ELSE ($10::int[])[k2] END AS unit_id,
    CASE WHEN ($10::int[])[k2] = -1 THEN 2 ELSE 1 END AS level,
    CASE WHEN r_chan < 0.55 THEN 'phone' WHEN r_chan < 0.68 THEN 'wechat' WHEN r_chan < 0.78 THEN 'app' WHEN r_chan < 0.85 THEN 'web'
      WHEN r_chan < 0.90 THEN 'mailbox' WHEN r_chan < 0.93 THEN 'sms' WHEN r_chan < 0.95 THEN 'suggestion' WHEN r_chan < 0.97 THEN 'opinion'
      WHEN r_chan < 0.99 THEN 'upper_level' ELSE 'transfer_110' END AS channel,
    CASE WHEN r_flag < 0.004 THEN 'critical' WHEN r_flag < 0.04 THEN 'urgent' ELSE 'normal' END AS urgency,
    received_at + (1 + 4 * r_t1) * interval '1 minute' AS registered_at
  FROM m OFFSET 0
), t2 AS (
  SELECT t1.*,
    CASE WHEN kind = 'handled' THEN registered_at + (5 + r_t2 * r_t2 * 300) * interval '1 minute' END AS dispatched_at,
    CASE WHEN urgency = 'critical' THEN 0.5 WHEN urgency = 'urgent' THEN 1
      WHEN appeal_type = 'consultation' THEN 4 WHEN appeal_type = 'suggestion' THEN 20 ELSE 7 END AS limit_days,
    CASE urgency WHEN 'critical' THEN interval '30 minutes' WHEN 'urgent' THEN interval '2 hours' ELSE interval '1 day' END AS sign_limit,
    r_late < ($21::float8[])[unit_id] AS late,
    kind = 'handled' AND r_reop < 0.35 * ($22::float8[])[unit_id] AND received_at < $4::timestamptz - interval '60 days' AS reopened,
    r_hold < 0.002 AS held
  FROM t1 OFFSET 0
), t3 AS (
  SELECT t2.*,
    dispatched_at + sign_limit AS sign_due_at,
    dispatched_at + r_t3 * r_t3 * r_t3 * 1.3 * sign_limit AS signed_at0,
    dispatched_at + limit_days * interval '1 day' AS due0,
    NOT reopened AND r_ext < 0.03 AND limit_days >= 4 AS extended,
    -- round 0 of a reopened order: replied in time, rated dissatisfied the next day, reopened an hour later
    CASE WHEN reopened THEN dispatched_at + limit_days * (0.2 + 0.6 * r_t5) * interval '1 day' END AS rep0
  FROM t2 OFFSET 0
), t4 AS (
  SELECT t3.*,
    CASE WHEN extended THEN due0 + interval '5 days' END AS extended_due,
    CASE WHEN reopened THEN rep0 + interval '26 hours' END AS reopen_at
  FROM t3 OFFSET 0
), t5 AS (
  SELECT t4.*,
    CASE WHEN reopened THEN reopen_at + limit_days * interval '1 day' ELSE coalesce(extended_due, due0) END AS due_final,
    coalesce(reopen_at, dispatched_at) AS round_start
  FROM t4 OFFSET 0
), t6 AS (
  SELECT t5.*,
    CASE WHEN kind <> 'handled' THEN NULL
      WHEN held THEN due_final + (60 + 300 * r_t4) * interval '1 day'
      WHEN late THEN due_final + (0.1 + 4 * r_t4) * interval '1 day'
      ELSE greatest(signed_at0 + interval '10 minutes', round_start + (due_final - round_start) * (0.1 + 0.85 * r_t4)) END AS replied0
  FROM t5 OFFSET 0
), t7 AS (
  SELECT t6.*,
    replied0 + (1 + 5 * r_t1) * interval '1 hour' AS reviewed0,
    replied0 + (1 + 5 * r_t1) * interval '1 hour' + (18 + 30 * r_t2) * interval '1 hour' AS called0,
    -- an unreached callback is the third attempt: the order closes then, unrated
    r_reach < 0.9 AS reached, r_reach >= 0.88 AND r_reach < 0.9 AS refused
  FROM t6 OFFSET 0
), t AS (
  SELECT t7.*,
    CASE WHEN kind = 'handled' THEN called0
      WHEN kind = 'merged' THEN NULL ELSE registered_at + (1 + 15 * r_t5) * interval '1 minute' END AS closed0,
    CASE WHEN reached AND NOT refused THEN
      CASE WHEN r_sat < ($22::float8[])[unit_id] THEN CASE WHEN r_sat2 < 0.6 THEN 'dissatisfied' ELSE 'very_dissatisfied' END
        WHEN r_sat2 < 0.55 THEN 'very_satisfied' WHEN r_sat2 < 0.9 THEN 'satisfied' ELSE 'basically_satisfied' END END AS sat,
    CASE WHEN r_res < 0.85 THEN 'resolved' WHEN r_res < 0.95 THEN 'partly' ELSE 'unresolved' END AS res
  FROM t7 OFFSET 0
), f AS MATERIALIZED (
  -- the snapshot: steps after it have not happened
  SELECT t.*,
    CASE WHEN dispatched_at <= $4 THEN dispatched_at END AS dispatched,
    CASE WHEN signed_at0 <= $4 THEN signed_at0 END AS signed,
    CASE WHEN replied0 <= $4 THEN replied0 END AS replied,
    CASE WHEN reviewed0 <= $4 THEN reviewed0 END AS reviewed,
    CASE WHEN called0 <= $4 AND kind = 'handled' THEN called0 END AS called,
    CASE WHEN closed0 <= $4 THEN closed0 END AS closed,
    CASE WHEN closed0 + (7 + 14 * r_t3) * interval '1 day' <= $4 THEN closed0 + (7 + 14 * r_t3) * interval '1 day' END AS archived,
    CASE WHEN kind = 'merged' THEN 'merged'
      WHEN closed0 + (7 + 14 * r_t3) * interval '1 day' <= $4 THEN 'archived' WHEN closed0 <= $4 THEN 'closed'
      WHEN kind <> 'handled' THEN 'registered'
      WHEN dispatched_at > $4 THEN 'to_dispatch' WHEN signed_at0 > $4 THEN 'dispatched' WHEN replied0 > $4 THEN 'in_progress'
      WHEN reviewed0 > $4 THEN 'replied' ELSE 'callback_pending' END AS state,
    coalesce(late AND replied0 > due_final + interval '1 day' AND due_final + interval '1 day' <= $4, false) AS urged,
    ($26::int[])[unit_id] AS handler
  FROM t
), ins_ticket AS (
  INSERT INTO ticket (id, no, version, state, appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone,
    confidential, anonymous, publishable, district_id, street_id, community_id, address, title, content, lead_unit_id, dispatch_level,
    merged_into_id, reopen_round, result, reply_text, closure_kind, closure_note, transfer_target, extension_count, urge_count, supervised,
    callback_reached, callback_result, satisfaction, sign_due_at, contact_due_at, finish_due_at, extended_due_at, due_at, time_limit_rule,
    received_at, registered_at, dispatched_at, signed_at, first_contact_at, replied_at, called_back_at, closed_at, archived_at, updated_at,
    registered_by)
  SELECT id, to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(id::text, greatest(8, length(id::text)), '0'),
    1, state, appeal_type, urgency, channel,
    CASE WHEN channel <> 'phone' THEN NULL WHEN ($13::int[])[k2] > 0 AND r_line < 0.4 THEN ($13::int[])[k2] ELSE $23::int END,
    cat_id, CASE WHEN r_flag > 0.96 THEN '{营商环境}'::text[] ELSE '{}'::text[] END,
    CASE WHEN r_flag BETWEEN 0.04 AND 0.07 THEN NULL ELSE substr('王李张刘陈杨黄赵吴周徐孙马朱胡', 1 + floor(r_phone * 15)::int, 1)
      || CASE WHEN r_t5 < 0.5 THEN '先生' ELSE '女士' END END,
    CASE WHEN r_flag BETWEEN 0.04 AND 0.07 THEN NULL ELSE '1' || (3 + floor(r_phone * 7))::int || lpad((floor(r_phone * 7e9)::bigint % 1000000000)::text, 9, '0') END,
    r_flag BETWEEN 0.07 AND 0.1, r_flag BETWEEN 0.04 AND 0.07, r_flag > 0.5,
    ($15::int[])[p2], ($16::int[])[p2], ($17::int[])[p2], place_name || (1 + floor(r_t2 * 200))::int || '号',
    left(format((${`ARRAY[${TITLES.map((x) => `'${x}'`).join(',')}]`})[1 + floor(r_t3 * ${TITLES.length})::int], place_name, cat_name), 200),
    format('诉求人反映：%s附近%s，希望有关部门尽快核实处理并答复。', place_name, cat_name),
    CASE WHEN kind IN ('handled') AND dispatched IS NOT NULL THEN unit_id END,
    CASE WHEN kind = 'handled' AND dispatched IS NOT NULL THEN level ELSE 0 END,
    merged_into_id, CASE WHEN reopened THEN 1 ELSE 0 END,
    CASE WHEN kind = 'first_contact' THEN 'resolved' WHEN replied IS NOT NULL THEN res END,
    CASE WHEN kind = 'first_contact' THEN '已根据知识库向诉求人解答。' WHEN replied IS NOT NULL THEN '已安排人员核实处理，并与诉求人沟通。' END,
    CASE WHEN closed IS NOT NULL THEN CASE kind WHEN 'handled' THEN 'handled' ELSE kind END END,
    CASE WHEN kind = 'not_accepted' THEN '不属于12345受理范围，已告知诉求人相应途径。' END,
    CASE WHEN kind = 'transferred' THEN '110' END,
    CASE WHEN extended AND signed IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN urged THEN 1 ELSE 0 END, urged AND r_t5 < 0.1,
    CASE WHEN called IS NOT NULL THEN reached END, CASE WHEN called IS NOT NULL AND reached AND NOT refused THEN res END,
    CASE WHEN called IS NOT NULL THEN sat END,
    CASE WHEN dispatched IS NOT NULL THEN sign_due_at END, CASE WHEN dispatched IS NOT NULL THEN least(dispatched_at + interval '1 day', due0) END,
    CASE WHEN dispatched IS NOT NULL THEN CASE WHEN reopened THEN due_final ELSE due0 END END,
    CASE WHEN dispatched IS NOT NULL AND extended THEN extended_due END,
    CASE WHEN dispatched IS NOT NULL THEN due_final END,
    CASE WHEN dispatched IS NOT NULL THEN 'default:' || appeal_type END,
    received_at, registered_at, dispatched, signed,
    CASE WHEN signed IS NOT NULL THEN least(signed + r_t1 * interval '4 hours', $4::timestamptz) END,
    replied, called, closed, archived,
    least(greatest(registered_at, dispatched, signed, replied, called, closed, archived), $4::timestamptz), $24::int
  FROM f
), ins_flow AS (
  INSERT INTO ticket_flow (ticket_id, action, from_state, to_state, actor_user_id, actor_unit_id, actor_role, opinion, details, created_at)
  SELECT f.id, s.action, s.from_state, s.to_state,
    CASE s.actor WHEN 'handler' THEN nullif(f.handler, 0) WHEN 'dispatcher' THEN $25::int ELSE $24::int END,
    CASE s.actor WHEN 'handler' THEN f.unit_id ELSE $27::int END, s.actor, NULL, s.details, s.at
  FROM f CROSS JOIN LATERAL (VALUES
    (true, 'register', NULL, 'registered', registered_at, 'agent', NULL::jsonb),
    (kind = 'merged', 'merge', 'registered', 'merged', registered_at + interval '1 minute', 'agent', jsonb_build_object('parentId', merged_into_id::text)),
    (kind = 'first_contact' AND closed IS NOT NULL, 'close_first_contact', 'registered', 'closed', closed, 'agent', NULL),
    (kind = 'not_accepted' AND closed IS NOT NULL, 'not_accept', 'registered', 'closed', closed, 'agent', NULL),
    (kind = 'transferred' AND closed IS NOT NULL, 'transfer', 'registered', 'closed', closed, 'agent', jsonb_build_object('target', '110')),
    (kind = 'handled', 'submit', 'registered', 'to_dispatch', registered_at + interval '1 minute', 'agent', NULL),
    (dispatched IS NOT NULL, 'dispatch', 'to_dispatch', 'dispatched', dispatched, 'dispatcher',
      jsonb_build_object('leadUnitId', unit_id, 'coUnitIds', '[]'::jsonb, 'dueAt', due0)),
    (signed IS NOT NULL, 'sign', 'dispatched', 'in_progress', signed, 'handler', NULL),
    (extended AND signed IS NOT NULL, 'request_extension', 'in_progress', 'extension_requested', signed + interval '1 hour', 'handler', NULL),
    (extended AND signed IS NOT NULL, 'approve_extension', 'extension_requested', 'in_progress', signed + interval '3 hours', 'dispatcher',
      jsonb_build_object('newDueAt', extended_due)),
    (reopened, 'reply', 'in_progress', 'replied', rep0, 'handler', jsonb_build_object('result', 'resolved')),
    (reopened, 'accept_reply', 'replied', 'callback_pending', rep0 + interval '2 hours', 'dispatcher', NULL),
    (reopened, 'record_callback', 'callback_pending', 'closed', rep0 + interval '25 hours', 'agent',
      jsonb_build_object('reached', true, 'resolved', 'unresolved', 'satisfaction', 'dissatisfied')),
    (reopened, 'reopen', 'closed', 'in_progress', reopen_at, 'supervisor', jsonb_build_object('dueAt', due_final)),
    (urged, 'urge', 'in_progress', 'in_progress', due_final + interval '1 day', 'supervisor', NULL),
    (replied IS NOT NULL, 'reply', 'in_progress', 'replied', replied, 'handler', jsonb_build_object('result', res)),
    (reviewed IS NOT NULL, 'accept_reply', 'replied', 'callback_pending', reviewed, 'dispatcher', NULL),
    (called IS NOT NULL, 'record_callback', 'callback_pending', 'closed', closed, 'agent',
      jsonb_build_object('reached', reached, 'resolved', CASE WHEN reached AND NOT refused THEN res END, 'satisfaction', sat)),
    (archived IS NOT NULL, 'archive', 'closed', 'archived', archived, 'supervisor', NULL)
  ) AS s(cond, action, from_state, to_state, at, actor, details)
  WHERE s.cond
)
INSERT INTO callback_task (ticket_id, round, kind, state, unit_id, due_at, attempts, channel, reached, refused, resolved, satisfaction,
  complaint_about, completed_at, completed_by, created_at)
SELECT f.id, c.round, 'handled', c.state, f.unit_id, c.due_at, c.attempts, CASE WHEN c.state <> 'pending' THEN 'phone' END,
  c.reached, c.refused, c.resolved, c.satisfaction, c.about, c.completed_at, CASE WHEN c.state <> 'pending' THEN $24::int END, c.created_at
FROM f CROSS JOIN LATERAL (VALUES
  (reopened, 0, 'done', rep0 + interval '26 hours', 1::smallint, true, false, 'unresolved', 'dissatisfied', 'handling', rep0 + interval '25 hours',
    rep0 + interval '2 hours'),
  (reviewed IS NOT NULL, CASE WHEN reopened THEN 1 ELSE 0 END,
    CASE WHEN called IS NULL THEN 'pending' WHEN reached THEN 'done' ELSE 'unreached' END, reviewed + interval '1 day',
    CASE WHEN called IS NULL THEN 0 WHEN reached THEN 1 ELSE 3 END::smallint,
    CASE WHEN called IS NOT NULL THEN reached END, called IS NOT NULL AND refused,
    CASE WHEN called IS NOT NULL AND reached AND NOT refused THEN res END, CASE WHEN called IS NOT NULL THEN sat END,
    CASE WHEN called IS NOT NULL AND sat IN ('dissatisfied','very_dissatisfied') THEN 'policy' END, closed, reviewed)
) AS c(cond, round, state, due_at, attempts, reached, refused, resolved, satisfaction, about, completed_at, created_at)
WHERE c.cond`;
