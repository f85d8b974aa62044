/**
 * The SQL that generates orders and their flow in bulk: one INSERT ... SELECT per chunk of the series.
 * Every random draw happens once per row in the innermost subquery (PostgreSQL never flattens a
 * subquery with volatile outputs), so the columns computed from it agree with each other. `OFFSET 0`
 * keeps the middle layers as they are written, so no expression is recomputed.
 *
 * Parameters of ORDERS_SQL: $1..$2 the series range, $3 the load's "now", $4 the total N, $5 the agent's id.
 */

/** Handling states: the order's deadline runs (the inbox "overdue" tab looks at these). */
const HANDLING = `('dispatched','return_requested','in_progress','extension_requested')`;

const TITLES = ['%1$s附近%2$s问题', '反映%1$s%2$s', '%1$s%2$s问题长期未解决', '咨询%2$s相关事宜', '%1$s一带%2$s扰民', '关于%1$s%2$s的诉求'];
const CONTENTS = [
  '市民来电反映：%1$s附近存在%2$s问题，已持续一段时间，影响周边居民正常生活，希望相关部门尽快核实处理并回复。',
  '来电人称%1$s一带%2$s情况比较突出，早晚高峰尤其明显，此前已向社区反映但未见改善，要求尽快处理。',
  '诉求人反映%1$s的%2$s问题，希望有关部门加强日常管理，给周边居民一个满意的答复。',
  '来电人咨询%2$s的办理流程和所需材料，本人居住在%1$s附近，希望得到明确答复。',
  '%1$s周边%2$s问题反复出现，来电人表示多次反映无果，情绪较为激动，请承办单位高度重视。',
  '来电人反映%1$s%2$s问题，具体位置见地址，请尽快安排人员现场查看并处理，处理结果请及时反馈。',
];
const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高';

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

export const ORDERS_SQL = `
INSERT INTO ticket (id, no, version, state, appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone,
  confidential, anonymous, district_id, street_id, community_id, address, longitude, latitude, title, content, lead_unit_id,
  dispatch_level, result, reply_text, closure_kind, closure_note, transfer_target, callback_reached, callback_result, satisfaction,
  sign_due_at, contact_due_at, finish_due_at, due_at, warn_at, time_limit_rule, received_at, registered_at, dispatched_at, signed_at,
  first_contact_at, replied_at, called_back_at, closed_at, archived_at, updated_at, registered_by)
SELECT n, to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(n::text, 8, '0'), cardinality(fp.actions),
  state, appeal_type, urgency, channel,
  CASE WHEN channel = 'phone' THEN CASE WHEN r_chan < 0.50 THEN 1 WHEN r_chan < 0.52 THEN 2 WHEN r_chan < 0.535 THEN 3 ELSE 4 END END,
  c.id, CASE WHEN r_flag > 0.95 THEN '{营商环境}'::text[] ELSE '{}'::text[] END,
  CASE WHEN NOT anonymous THEN substr('${SURNAMES}', 1 + floor(r_name * 20)::int, 1)
    || CASE WHEN r_name * 20 - floor(r_name * 20) < 0.5 THEN '先生' ELSE '女士' END END,
  CASE WHEN anonymous THEN NULL
    WHEN r_pool < 0.2 THEN '1380' || lpad(floor(r_phone * 30000)::int::text, 7, '0')
    ELSE '1' || (3 + floor(r_phone * 7))::int || lpad((floor(r_phone * 7e9)::bigint % 1000000000)::text, 9, '0') END,
  confidential, anonymous, p.district_region, p.street_region, p.community_region,
  p.road || (1 + floor(r_addr * 300))::int || '号',
  round((121.45 + p.d * 0.04 + r_addr * 0.03)::numeric, 6), round((29.80 + p.s * 0.01 + r_t2 * 0.02)::numeric, 6),
  format((${arr(TITLES)})[1 + floor(r_tpl * ${TITLES.length})::int], p.place || p.road, c.name),
  format((${arr(CONTENTS)})[1 + floor(r_tpl * ${CONTENTS.length})::int], p.place || p.road, c.name),
  CASE WHEN dispatched_at IS NOT NULL THEN
    CASE WHEN r_lead < 0.40 THEN dp.unit_id WHEN r_lead < 0.75 THEN p.district_unit WHEN r_lead < 0.95 THEN p.street_unit ELSE p.community_unit END
  END,
  CASE WHEN dispatched_at IS NULL THEN 0 WHEN r_lead < 0.75 THEN 1 WHEN r_lead < 0.95 THEN 2 ELSE 3 END,
  result,
  CASE WHEN kind = 'first_contact' THEN '已根据知识库向来电人解答，来电人表示清楚。'
    WHEN result = 'resolved' THEN '经核查，已安排工作人员现场处理，问题已解决，已与诉求人沟通。'
    WHEN result = 'partly' THEN '经核查，已部分处理，剩余问题涉及多部门，已纳入长效管理。'
    WHEN result = 'unresolved' THEN '经核查，该问题受客观条件限制暂无法解决，已向诉求人做好解释。' END,
  CASE WHEN state IN ('closed','archived') THEN kind END,
  CASE WHEN kind = 'not_accepted' THEN '该事项已进入诉讼程序，不属于12345受理范围，已告知诉求人通过司法途径解决。' END,
  CASE WHEN kind = 'transferred' THEN '110' END,
  reached, CASE WHEN reached THEN CASE WHEN r_res < 0.88 THEN 'resolved' ELSE 'unresolved' END END,
  CASE WHEN reached THEN CASE WHEN r_sat < 0.50 THEN 'very_satisfied' WHEN r_sat < 0.78 THEN 'satisfied' WHEN r_sat < 0.86 THEN 'basically_satisfied'
    WHEN r_sat < 0.89 THEN 'dissatisfied' ELSE 'very_dissatisfied' END END,
  dispatched_at + CASE urgency WHEN 'critical' THEN interval '30 minutes' WHEN 'urgent' THEN interval '2 hours' ELSE interval '1 day' END,
  least(dispatched_at + interval '1 day', due_at), due_at, due_at,
  -- The yellow card: a calendar day before the deadline is close enough for load (the api uses working days).
  CASE WHEN due_at IS NOT NULL THEN greatest(dispatched_at, due_at - interval '1 day') END,
  CASE WHEN dispatched_at IS NULL THEN NULL WHEN manual_due THEN 'manual' ELSE 'default:' || appeal_type END,
  received_at, registered_at, dispatched_at, signed_at,
  CASE WHEN signed_at IS NOT NULL THEN least(signed_at + r_t1 * interval '4 hours', $3::timestamptz) END,
  replied_at, CASE WHEN reached IS NOT NULL THEN closed_at END, closed_at, archived_at,
  CASE WHEN state IN ('return_requested','extension_requested') THEN least(signed_at + interval '20 hours', $3::timestamptz)
    ELSE greatest(registered_at, dispatched_at, signed_at, replied_at, closed_at, archived_at) END,
  $5::int
FROM (
  SELECT t.*,
    CASE WHEN kind = 'handled' AND state IN ('closed','archived') THEN r_sat < 0.9 END AS reached,
    CASE WHEN kind = 'first_contact' THEN 'resolved' WHEN replied_at IS NULL THEN NULL
      WHEN r_res < 0.85 THEN 'resolved' WHEN r_res < 0.95 THEN 'partly' ELSE 'unresolved' END AS result,
    CASE WHEN dispatched_at IS NULL THEN NULL
      WHEN state IN ${HANDLING} AND natural_due < $3::timestamptz AND r_due >= 0.3 THEN $3::timestamptz + (0.2 + (r_due - 0.3) * 8) * interval '1 day'
      ELSE natural_due END AS due_at,
    dispatched_at IS NOT NULL AND state IN ${HANDLING} AND natural_due < $3::timestamptz AND r_due >= 0.3 AS manual_due,
    CASE WHEN state = 'archived' THEN least(closed_at + (7 + r_t1 * 14) * interval '1 day', $3::timestamptz) END AS archived_at
  FROM (
    SELECT t.*,
      dispatched_at + limit_days * interval '1 day' AS natural_due,
      CASE WHEN kind <> 'handled' AND state IN ('closed','archived') THEN least(registered_at + (1 + r_t5 * 15) * interval '1 minute', $3::timestamptz)
        WHEN replied_at IS NOT NULL AND state IN ('closed','archived') THEN least(replied_at + (2 + r_t5 * 46) * interval '1 hour', $3::timestamptz)
      END AS closed_at
    FROM (
      SELECT t.*,
        CASE WHEN signed_at IS NOT NULL AND state IN ('replied','callback_pending','closed','archived') THEN
          least(greatest(signed_at + interval '10 minutes', dispatched_at + limit_days * (0.15 + 0.9 * r_t4) * interval '1 day'), $3::timestamptz)
        END AS replied_at
      FROM (
        SELECT t.*,
          CASE WHEN dispatched_at IS NOT NULL AND state <> 'dispatched' THEN least(dispatched_at + r_t3 * r_t3 * interval '20 hours', $3::timestamptz) END AS signed_at
        FROM (
          SELECT t.*,
            CASE WHEN kind = 'handled' AND state NOT IN ('registered','to_dispatch') THEN
              least(registered_at + (5 + r_t2 * r_t2 * 360) * interval '1 minute', $3::timestamptz) END AS dispatched_at,
            CASE urgency WHEN 'critical' THEN 0.25 WHEN 'urgent' THEN 1 ELSE
              CASE appeal_type WHEN 'consultation' THEN 3 WHEN 'suggestion' THEN 21 ELSE 7 END END AS limit_days
          FROM (
            SELECT b.*,
              CASE WHEN NOT open THEN CASE WHEN age > 45 THEN 'archived' ELSE 'closed' END
                WHEN age < 0.25 THEN CASE WHEN r_state < 0.2 THEN 'registered' WHEN r_state < 0.4 THEN 'to_dispatch'
                  WHEN r_state < 0.8 THEN 'dispatched' ELSE 'in_progress' END
                WHEN age < 3 THEN CASE WHEN r_state < 0.02 THEN 'registered' WHEN r_state < 0.05 THEN 'to_dispatch' WHEN r_state < 0.30 THEN 'dispatched'
                  WHEN r_state < 0.80 THEN 'in_progress' WHEN r_state < 0.85 THEN 'return_requested' WHEN r_state < 0.88 THEN 'extension_requested'
                  WHEN r_state < 0.98 THEN 'replied' ELSE 'callback_pending' END
                ELSE CASE WHEN r_state < 0.005 THEN 'registered' WHEN r_state < 0.01 THEN 'to_dispatch' WHEN r_state < 0.03 THEN 'dispatched'
                  WHEN r_state < 0.48 THEN 'in_progress' WHEN r_state < 0.51 THEN 'return_requested' WHEN r_state < 0.57 THEN 'extension_requested'
                  WHEN r_state < 0.75 THEN 'replied' ELSE 'callback_pending' END
              END AS state,
              CASE WHEN open OR r_kind >= 0.60 THEN 'handled' WHEN r_kind < 0.55 THEN 'first_contact' WHEN r_kind < 0.58 THEN 'not_accepted'
                ELSE 'transferred' END AS kind,
              CASE WHEN r_appeal < 0.30 THEN 'consultation' WHEN r_appeal < 0.47 THEN 'help' WHEN r_appeal < 0.77 THEN 'complaint'
                WHEN r_appeal < 0.85 THEN 'report' WHEN r_appeal < 0.92 THEN 'suggestion' WHEN r_appeal < 0.94 THEN 'praise' ELSE 'other' END AS appeal_type,
              CASE WHEN r_urg < 0.005 THEN 'critical' WHEN r_urg < 0.05 THEN 'urgent' ELSE 'normal' END AS urgency,
              CASE WHEN r_chan < 0.55 THEN 'phone' WHEN r_chan < 0.67 THEN 'wechat' WHEN r_chan < 0.77 THEN 'app' WHEN r_chan < 0.85 THEN 'web'
                WHEN r_chan < 0.91 THEN 'mailbox' WHEN r_chan < 0.94 THEN 'sms' WHEN r_chan < 0.96 THEN 'suggestion' WHEN r_chan < 0.98 THEN 'opinion'
                ELSE 'upper_level' END AS channel,
              r_flag < 0.03 AS anonymous, r_flag >= 0.03 AND r_flag < 0.07 AS confidential,
              least(received_at + (1 + 4 * r_t1) * interval '1 minute', $3::timestamptz) AS registered_at
            FROM (
              SELECT n,
                ($3::timestamptz - interval '365 days') + ((n - 0.5) / $4::float8) * interval '365 days' AS received_at,
                365.0 * ($4::float8 - n + 0.5) / $4::float8 AS age,
                random() < 0.85 * exp(-365.0 * ($4::float8 - n + 0.5) / $4::float8 / 30) + 0.004 AS open,
                random() AS r_state, random() AS r_kind, random() AS r_appeal, random() AS r_urg, random() AS r_chan, random() AS r_d,
                random() AS r_s, random() AS r_c, random() AS r_lead, random() AS r_dept, random() AS r_cat, random() AS r_tpl,
                random() AS r_name, random() AS r_phone, random() AS r_pool, random() AS r_addr, random() AS r_t1, random() AS r_t2,
                random() AS r_t3, random() AS r_t4, random() AS r_t5, random() AS r_res, random() AS r_sat, random() AS r_due,
                random() AS r_flag
              FROM generate_series($1::int, $2::int) AS n
            ) b
          ) t OFFSET 0
        ) t OFFSET 0
      ) t OFFSET 0
    ) t OFFSET 0
  ) t OFFSET 0
) t
JOIN bench_place p ON p.d = floor(8 * power(r_d, 1.5))::int AND p.s = floor(5 * r_s)::int AND p.c = floor(4 * r_c)::int
JOIN bench_cat c ON c.rank = floor(60 * power(r_cat, 1.8))::int
JOIN bench_dept dp ON dp.rank = floor(31 * power(r_dept, 2))::int
JOIN bench_flow_plan fp ON fp.plan = (CASE WHEN state IN ('closed','archived') THEN kind ELSE 'handled' END) || ':' || state`;

/**
 * One flow record per step of the order's plan, timed from the order's own timestamps.
 * $1..$2 the ticket id range, $3 agent, $4 dispatcher, $5 supervisor, $6 centre unit, $7 the load's "now".
 */
export const FLOW_SQL = `
INSERT INTO ticket_flow (ticket_id, action, from_state, to_state, actor_user_id, actor_unit_id, actor_role, opinion, details, created_at)
SELECT t.id, fp.actions[g], fp.froms[g], fp.tos[g],
  CASE fp.actors[g] WHEN 'handler' THEN h.user_id WHEN 'agent' THEN $3::int WHEN 'dispatcher' THEN $4::int ELSE $5::int END,
  CASE fp.actors[g] WHEN 'handler' THEN t.lead_unit_id ELSE $6::int END,
  fp.actors[g],
  CASE fp.actions[g] WHEN 'reply' THEN t.reply_text WHEN 'close_first_contact' THEN t.reply_text WHEN 'not_accept' THEN t.closure_note
    WHEN 'request_return' THEN '该事项不属于本单位职责范围，申请退回重新派单。' WHEN 'request_extension' THEN '涉及多部门协调，申请延期办理。' END,
  CASE fp.actions[g]
    WHEN 'dispatch' THEN jsonb_build_object('leadUnitId', t.lead_unit_id, 'coUnitIds', '[]'::jsonb, 'dueAt', t.finish_due_at)
    WHEN 'transfer' THEN jsonb_build_object('target', t.transfer_target)
    WHEN 'reply' THEN jsonb_build_object('result', t.result)
    WHEN 'record_callback' THEN jsonb_build_object('reached', t.callback_reached, 'resolved', t.callback_result, 'satisfaction', t.satisfaction)
  END,
  CASE fp.ats[g] WHEN 'registered' THEN t.registered_at WHEN 'submitted' THEN least(t.registered_at + interval '1 minute', t.updated_at)
    WHEN 'dispatched' THEN t.dispatched_at WHEN 'signed' THEN t.signed_at WHEN 'requested' THEN t.updated_at WHEN 'replied' THEN t.replied_at
    WHEN 'reviewed' THEN least(t.replied_at + interval '2 hours', coalesce(t.closed_at, $7::timestamptz))
    WHEN 'closed' THEN t.closed_at WHEN 'archived' THEN t.archived_at END
FROM ticket t
JOIN bench_flow_plan fp ON fp.plan = coalesce(t.closure_kind, 'handled') || ':' || t.state
LEFT JOIN bench_handler h ON h.unit_id = t.lead_unit_id
CROSS JOIN LATERAL generate_series(1, cardinality(fp.actions)) AS g
WHERE t.id BETWEEN $1 AND $2`;
