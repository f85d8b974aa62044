import { EntityManager } from 'typeorm';
import { CallbackInput, FlowInput, OrderInput, ROUND_ACTIONS } from './kpi-facts';

/** Which orders to read: some ids (an event), or an id range (the recount walks the table in ranges). */
export type OrderSelection = { ids: string[] } | { fromId: string; toId: string };

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/**
 * Reads orders as orderFacts needs them, with their round-shaping flow steps and their callback tasks:
 * three queries for any number of orders.
 */
export async function loadOrders(m: EntityManager, sel: OrderSelection): Promise<OrderInput[]> {
  const [where, params] = 'ids' in sel ? ['t.id = ANY($1::bigint[])', [sel.ids]] : ['t.id BETWEEN $1 AND $2', [sel.fromId, sel.toId]];
  const rows = (await m.query(
    `SELECT t.id, t.parent_id, t.merged_into_id, p.lead_unit_id AS merged_parent_unit_id, t.lead_unit_id, t.district_id, t.street_id,
       t.category_id, t.channel, t.hotline_id, t.appeal_type, t.state, t.closure_kind, t.received_at, t.dispatched_at, t.signed_at,
       t.sign_due_at, t.first_contact_at, t.contact_due_at, t.reopen_round, t.supervised, t.inspected_at
     FROM ticket t LEFT JOIN ticket p ON p.id = t.merged_into_id
     WHERE ${where} ORDER BY t.id`,
    params,
  )) as Record<string, any>[];
  if (!rows.length) return [];
  const top = rows.filter((r) => r.parent_id === null).map((r) => String(r.id));
  const flowRows = (await m.query(
    `SELECT ticket_id, action, created_at, details->>'dueAt' AS due_at, details->>'newDueAt' AS new_due_at,
       details->>'leadUnitId' AS lead_unit_id
     FROM ticket_flow WHERE ticket_id = ANY($1::bigint[]) AND action = ANY($2) ORDER BY ticket_id, id`,
    [top, ROUND_ACTIONS],
  )) as Record<string, any>[];
  const callbackRows = (await m.query(
    `SELECT ticket_id, state, reached, refused, resolved, satisfaction, unit_id, due_at
     FROM callback_task WHERE ticket_id = ANY($1::bigint[])`,
    [top],
  )) as Record<string, any>[];

  const flows = new Map<string, FlowInput[]>();
  for (const f of flowRows) {
    const list = flows.get(String(f.ticket_id)) ?? [];
    list.push({
      action: f.action,
      at: new Date(f.created_at),
      dueAt: date(f.due_at),
      newDueAt: date(f.new_due_at),
      leadUnitId: f.lead_unit_id === null ? null : Number(f.lead_unit_id),
    });
    flows.set(String(f.ticket_id), list);
  }
  const callbacks = new Map<string, CallbackInput[]>();
  for (const c of callbackRows) {
    const list = callbacks.get(String(c.ticket_id)) ?? [];
    list.push({
      state: c.state,
      reached: c.reached,
      refused: c.refused,
      resolved: c.resolved,
      satisfaction: c.satisfaction,
      unitId: c.unit_id,
      dueAt: new Date(c.due_at),
    });
    callbacks.set(String(c.ticket_id), list);
  }
  return rows.map((r) => ({
    id: String(r.id),
    parentId: r.parent_id === null ? null : String(r.parent_id),
    mergedIntoId: r.merged_into_id === null ? null : String(r.merged_into_id),
    mergedParentUnitId: r.merged_parent_unit_id,
    leadUnitId: r.lead_unit_id,
    districtId: r.district_id,
    streetId: r.street_id,
    categoryId: r.category_id,
    channel: r.channel,
    hotlineId: r.hotline_id,
    appealType: r.appeal_type,
    state: r.state,
    closureKind: r.closure_kind,
    receivedAt: new Date(r.received_at),
    dispatchedAt: date(r.dispatched_at),
    signedAt: date(r.signed_at),
    signDueAt: date(r.sign_due_at),
    firstContactAt: date(r.first_contact_at),
    contactDueAt: date(r.contact_due_at),
    reopenRound: Number(r.reopen_round),
    supervised: r.supervised,
    inspectedAt: date(r.inspected_at),
    flows: flows.get(String(r.id)) ?? [],
    callbacks: callbacks.get(String(r.id)) ?? [],
  }));
}
