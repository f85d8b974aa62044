import { DataSource } from 'typeorm';
import { World } from './world.factory';

/** '2025-03-04 09:00' in the city's time (Asia/Shanghai, UTC+8) as an instant. */
export const local = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`);

type Row = Record<string, unknown>;

/**
 * Orders, flow steps, callback tasks and calls written straight into the tables: fast, exact, and any
 * history a test needs (a month long past, an approved extension, a reopen) without waiting for it.
 */
export class KpiDataset {
  private n = 0;
  hotlineId = 0;
  hotlineNumber = '';

  constructor(
    private readonly ds: DataSource,
    private readonly w: World,
  ) {}

  async hotline(): Promise<void> {
    this.hotlineNumber = `9${String(parseInt(this.w.tag, 16) % 100000).padStart(5, '0')}`;
    const [h] = await this.ds.query(`INSERT INTO hotline (number, name, mode) VALUES ($1, $2, 'primary') RETURNING id`, [
      this.hotlineNumber,
      `测试热线${this.w.tag}`,
    ]);
    this.hotlineId = h.id;
  }

  /** One order; unspecified columns are those of a phone complaint about the world's leaf category in its first district. */
  async order(cols: Row): Promise<string> {
    const row: Row = {
      no: `K${this.w.tag}-${++this.n}`,
      state: 'in_progress',
      appeal_type: 'complaint',
      channel: 'phone',
      hotline_id: cols.channel === undefined || cols.channel === 'phone' ? this.hotlineId : null,
      category_id: this.w.categories.leaf.id,
      district_id: this.w.regions.district.id,
      street_id: this.w.regions.street.id,
      title: '考核指标测试工单',
      content: '考核指标测试工单的内容。',
      ...cols,
    };
    row.registered_at ??= row.received_at;
    const keys = Object.keys(row);
    const [t] = await this.ds.query(
      `INSERT INTO ticket (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      keys.map((k) => row[k]),
    );
    return String(t.id);
  }

  async flow(ticketId: string, action: string, at: Date, details: Row | null = null, toState = 'in_progress'): Promise<void> {
    await this.ds.query(
      `INSERT INTO ticket_flow (ticket_id, action, to_state, details, created_at, actor_role) VALUES ($1, $2, $3, $4, $5, 'system')`,
      [ticketId, action, toState, details === null ? null : JSON.stringify(details), at],
    );
  }

  /** A dispatch flow step with its deadline, as DispatchService writes it. */
  dispatch(ticketId: string, at: Date, unitId: number, dueAt: Date): Promise<void> {
    return this.flow(
      ticketId,
      'dispatch',
      at,
      { leadUnitId: unitId, coUnitIds: [], dueAt: dueAt.toISOString(), rule: 'manual' },
      'dispatched',
    );
  }

  async callback(ticketId: string, cols: Row): Promise<void> {
    const row: Row = { ticket_id: ticketId, round: 0, kind: 'handled', state: 'done', ...cols };
    const keys = Object.keys(row);
    await this.ds.query(
      `INSERT INTO callback_task (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
      keys.map((k) => row[k]),
    );
  }

  /** A call on the dataset's line, offered at `at`: answered after `wait` seconds, or abandoned (wait null). */
  async call(at: Date, wait: number | null): Promise<void> {
    const answered = wait === null ? null : new Date(at.getTime() + wait * 1000);
    await this.ds.query(
      `INSERT INTO call_record (call_id, dialled_number, hotline_id, state, started_at, offered_at, answered_at, abandoned_at, wait_seconds)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
      [
        `kpi-${this.w.tag}-${++this.n}`,
        this.hotlineNumber,
        this.hotlineId,
        wait === null ? 'abandoned' : 'ended',
        at,
        answered,
        wait === null ? new Date(at.getTime() + 30_000) : null,
        wait ?? 30,
      ],
    );
  }
}

export interface March2025 {
  ids: Record<string, string>;
}

/**
 * March 2025 in one city (the world's units and places), with a known answer for every KPI: see the
 * table in kpi.e2e-spec.ts. Edge cases: an approved extension (O6), a reopened order with two rounds
 * and two callbacks (O8), a merged duplicate (O4 into O5), an order moved to another unit by an
 * approved return (O13), an unreached callback (O6), a refusal (O7), a pending callback past due (O13),
 * an open order past its deadline (O9), orders crossing the month's bounds (O10 due in April, O11
 * received in February, O12 received at 00:30 on 1 April city time, still 31 March in UTC), a
 * sub-dispatched child (O15), a first-contact sample callback (O16), a 办不成事 order (O14).
 */
export async function buildMarch2025(d: KpiDataset, w: World): Promise<March2025> {
  const { district: D1, street: S1, district2: D2, department: DEP, community } = w.units;
  const R2 = { district_id: w.regions.district2.id, street_id: w.regions.street2.id };
  const ids: Record<string, string> = {};
  const handled = (unit: number, at: string, sign: [string, string | null], contact: [string, string | null], due: string) => ({
    lead_unit_id: unit,
    dispatched_at: local(at),
    sign_due_at: local(sign[0]),
    signed_at: sign[1] ? local(sign[1]) : null,
    contact_due_at: local(contact[0]),
    first_contact_at: contact[1] ? local(contact[1]) : null,
    finish_due_at: local(due),
    due_at: local(due),
  });

  // Closed at intake: first contact, not accepted, transferred.
  ids.O1 = await d.order({
    received_at: local('2025-03-03 10:00'),
    state: 'closed',
    closure_kind: 'first_contact',
    closed_at: local('2025-03-03 10:05'),
  });
  ids.O2 = await d.order({ received_at: local('2025-03-03 11:00'), channel: 'wechat', state: 'closed', closure_kind: 'not_accepted' });
  ids.O3 = await d.order({ received_at: local('2025-03-04 09:00'), state: 'closed', closure_kind: 'transferred', transfer_target: '110' });

  // O5 handled on time, signed and contacted on time, satisfied. O4 is its duplicate (并单).
  ids.O5 = await d.order({
    received_at: local('2025-03-04 08:00'),
    state: 'closed',
    closure_kind: 'handled',
    ...handled(
      D1.id,
      '2025-03-04 09:00',
      ['2025-03-05 09:00', '2025-03-04 10:00'],
      ['2025-03-05 09:00', '2025-03-04 11:00'],
      '2025-03-11 18:00',
    ),
    replied_at: local('2025-03-10 15:00'),
  });
  await d.dispatch(ids.O5, local('2025-03-04 09:00'), D1.id, local('2025-03-11 18:00'));
  await d.flow(ids.O5, 'sign', local('2025-03-04 10:00'));
  await d.flow(ids.O5, 'reply', local('2025-03-10 15:00'), { result: 'resolved' }, 'replied');
  await d.flow(ids.O5, 'accept_reply', local('2025-03-10 16:00'), null, 'callback_pending');
  await d.callback(ids.O5, {
    unit_id: D1.id,
    due_at: local('2025-03-12 18:00'),
    reached: true,
    resolved: 'resolved',
    satisfaction: 'satisfied',
  });
  ids.O4 = await d.order({ received_at: local('2025-03-05 09:00'), channel: 'web', state: 'merged', merged_into_id: ids.O5 });

  // O6: signed and contacted late; deadline 13 March extended to 20 March, replied 18 March (on time); callback unreached.
  ids.O6 = await d.order({
    received_at: local('2025-03-06 09:00'),
    channel: 'mailbox',
    state: 'closed',
    closure_kind: 'handled',
    ...handled(
      D1.id,
      '2025-03-06 10:00',
      ['2025-03-07 10:00', '2025-03-07 11:00'],
      ['2025-03-07 10:00', '2025-03-07 12:00'],
      '2025-03-13 18:00',
    ),
    extended_due_at: local('2025-03-20 18:00'),
    due_at: local('2025-03-20 18:00'),
    extension_count: 1,
    replied_at: local('2025-03-18 10:00'),
  });
  await d.dispatch(ids.O6, local('2025-03-06 10:00'), D1.id, local('2025-03-13 18:00'));
  await d.flow(
    ids.O6,
    'request_extension',
    local('2025-03-11 10:00'),
    { newDueAt: local('2025-03-20 18:00').toISOString() },
    'extension_requested',
  );
  await d.flow(ids.O6, 'approve_extension', local('2025-03-12 10:00'), {
    newDueAt: local('2025-03-20 18:00').toISOString(),
    previousDueAt: local('2025-03-13 18:00').toISOString(),
  });
  await d.flow(ids.O6, 'reply', local('2025-03-18 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O6, { unit_id: D1.id, due_at: local('2025-03-21 18:00'), state: 'unreached', reached: false, attempts: 3 });

  // O7 at the street: no first contact, urged, supervised, replied late; the citizen refused to rate. O15 its child.
  ids.O7 = await d.order({
    received_at: local('2025-03-07 09:00'),
    channel: 'app',
    state: 'closed',
    closure_kind: 'handled',
    supervised: true,
    urge_count: 1,
    ...handled(S1.id, '2025-03-07 10:00', ['2025-03-08 10:00', '2025-03-07 15:00'], ['2025-03-08 10:00', null], '2025-03-14 18:00'),
    replied_at: local('2025-03-17 10:00'),
  });
  await d.dispatch(ids.O7, local('2025-03-07 10:00'), S1.id, local('2025-03-14 18:00'));
  await d.flow(ids.O7, 'urge', local('2025-03-13 09:00'));
  await d.flow(ids.O7, 'reply', local('2025-03-17 10:00'), { result: 'partly' }, 'replied');
  await d.callback(ids.O7, { unit_id: S1.id, due_at: local('2025-03-18 18:00'), reached: true, refused: true });
  ids.O15 = await d.order({
    received_at: local('2025-03-07 09:00'),
    channel: 'app',
    parent_id: ids.O7,
    state: 'closed',
    closure_kind: 'child_done',
    ...handled(community.id, '2025-03-08 10:00', ['2025-03-09 10:00', null], ['2025-03-09 10:00', null], '2025-03-12 18:00'),
  });
  await d.dispatch(ids.O15, local('2025-03-08 10:00'), community.id, local('2025-03-12 18:00'));

  // O8 in the second district, reopened (重办): round 0 on time but rated dissatisfied, round 1 on time and very satisfied.
  ids.O8 = await d.order({
    received_at: local('2025-03-10 09:00'),
    ...R2,
    state: 'closed',
    closure_kind: 'handled',
    reopen_round: 1,
    // The reopen rewrote the sign and contact deadlines; signed_at is round 0's.
    ...handled(
      D2.id,
      '2025-03-10 10:00',
      ['2025-03-17 10:00', '2025-03-10 11:00'],
      ['2025-03-17 10:00', '2025-03-10 12:00'],
      '2025-03-25 18:00',
    ),
    replied_at: local('2025-03-24 10:00'),
  });
  await d.dispatch(ids.O8, local('2025-03-10 10:00'), D2.id, local('2025-03-17 18:00'));
  await d.flow(ids.O8, 'reply', local('2025-03-14 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O8, {
    unit_id: D2.id,
    due_at: local('2025-03-15 18:00'),
    reached: true,
    resolved: 'unresolved',
    satisfaction: 'dissatisfied',
  });
  await d.flow(ids.O8, 'reopen', local('2025-03-16 10:00'), { round: 1, dueAt: local('2025-03-25 18:00').toISOString() });
  await d.flow(ids.O8, 'reply', local('2025-03-24 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O8, {
    round: 1,
    unit_id: D2.id,
    due_at: local('2025-03-26 18:00'),
    reached: true,
    resolved: 'resolved',
    satisfaction: 'very_satisfied',
  });

  // O9 still open past its deadline (27 March), urged twice; its category is a level-2 one.
  ids.O9 = await d.order({
    received_at: local('2025-03-20 09:00'),
    channel: 'wechat',
    ...R2,
    category_id: w.categories.mid.id,
    urge_count: 2,
    ...handled(
      D2.id,
      '2025-03-20 10:00',
      ['2025-03-21 10:00', '2025-03-20 12:00'],
      ['2025-03-21 10:00', '2025-03-20 13:00'],
      '2025-03-27 18:00',
    ),
  });
  await d.dispatch(ids.O9, local('2025-03-20 10:00'), D2.id, local('2025-03-27 18:00'));
  await d.flow(ids.O9, 'urge', local('2025-03-26 09:00'));
  await d.flow(ids.O9, 'urge', local('2025-03-27 09:00'));

  // O10 received in March, due in April (on time there); its callback is due in April and still pending.
  ids.O10 = await d.order({
    received_at: local('2025-03-28 10:00'),
    state: 'callback_pending',
    ...handled(
      D1.id,
      '2025-03-28 11:00',
      ['2025-03-29 11:00', '2025-03-28 12:00'],
      ['2025-03-29 11:00', '2025-03-28 13:00'],
      '2025-04-03 18:00',
    ),
    replied_at: local('2025-04-02 10:00'),
  });
  await d.dispatch(ids.O10, local('2025-03-28 11:00'), D1.id, local('2025-04-03 18:00'));
  await d.flow(ids.O10, 'reply', local('2025-04-02 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O10, { unit_id: D1.id, due_at: local('2025-04-04 18:00'), state: 'pending' });

  // O11 received in February, due in March (late), rated basically satisfied in March.
  ids.O11 = await d.order({
    received_at: local('2025-02-26 10:00'),
    state: 'closed',
    closure_kind: 'handled',
    ...handled(
      S1.id,
      '2025-02-26 11:00',
      ['2025-02-27 11:00', '2025-02-26 12:00'],
      ['2025-02-27 11:00', '2025-02-26 13:00'],
      '2025-03-05 18:00',
    ),
    replied_at: local('2025-03-06 10:00'),
  });
  await d.dispatch(ids.O11, local('2025-02-26 11:00'), S1.id, local('2025-03-05 18:00'));
  await d.flow(ids.O11, 'reply', local('2025-03-06 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O11, {
    unit_id: S1.id,
    due_at: local('2025-03-07 18:00'),
    reached: true,
    resolved: 'resolved',
    satisfaction: 'basically_satisfied',
  });

  // O12 at 00:30 on 1 April in the city (16:30 on 31 March UTC): an April order.
  ids.O12 = await d.order({ received_at: local('2025-04-01 00:30'), state: 'closed', closure_kind: 'first_contact' });

  // O13 dispatched to the department, returned (approved), re-dispatched to the second district; callback pending past due.
  ids.O13 = await d.order({
    received_at: local('2025-03-12 09:00'),
    channel: 'web',
    ...R2,
    state: 'callback_pending',
    return_count: 1,
    ...handled(
      D2.id,
      '2025-03-13 10:00',
      ['2025-03-14 10:00', '2025-03-13 11:00'],
      ['2025-03-14 10:00', '2025-03-13 12:00'],
      '2025-03-20 18:00',
    ),
    replied_at: local('2025-03-19 10:00'),
  });
  await d.dispatch(ids.O13, local('2025-03-12 10:00'), DEP.id, local('2025-03-19 18:00'));
  await d.flow(ids.O13, 'request_return', local('2025-03-12 15:00'), { suggestedUnitId: D2.id }, 'return_requested');
  await d.flow(ids.O13, 'approve_return', local('2025-03-13 09:00'), { returnedBy: DEP.id }, 'to_dispatch');
  await d.dispatch(ids.O13, local('2025-03-13 10:00'), D2.id, local('2025-03-20 18:00'));
  await d.flow(ids.O13, 'reply', local('2025-03-19 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O13, { unit_id: D2.id, due_at: local('2025-03-21 18:00'), state: 'pending' });

  // O14: 办不成事, supervised and inspected, on time, very satisfied.
  ids.O14 = await d.order({
    received_at: local('2025-03-14 09:00'),
    appeal_type: 'cannot_do',
    state: 'closed',
    closure_kind: 'handled',
    supervised: true,
    inspected_at: local('2025-03-21 15:00'),
    ...handled(
      D1.id,
      '2025-03-14 10:00',
      ['2025-03-15 10:00', '2025-03-14 11:00'],
      ['2025-03-15 10:00', '2025-03-14 12:00'],
      '2025-03-21 18:00',
    ),
    replied_at: local('2025-03-21 10:00'),
  });
  await d.dispatch(ids.O14, local('2025-03-14 10:00'), D1.id, local('2025-03-21 18:00'));
  await d.flow(ids.O14, 'reply', local('2025-03-21 10:00'), { result: 'resolved' }, 'replied');
  await d.callback(ids.O14, {
    unit_id: D1.id,
    due_at: local('2025-03-22 18:00'),
    reached: true,
    resolved: 'resolved',
    satisfaction: 'very_satisfied',
  });

  // O16: closed at first contact and drawn for a sample callback (no unit rated).
  ids.O16 = await d.order({ received_at: local('2025-03-05 14:00'), state: 'closed', closure_kind: 'first_contact' });
  await d.callback(ids.O16, {
    kind: 'sample',
    due_at: local('2025-03-06 18:00'),
    reached: true,
    resolved: 'resolved',
    satisfaction: 'satisfied',
  });

  // Calls on the line in March: 10 offered, 8 answered, 6 of them within 15 s. One in April.
  const waits = [3, 5, 8, 12, 14, 15, 16, 40, null, null];
  for (const [i, wait] of waits.entries()) await d.call(local(`2025-03-${String(3 + i).padStart(2, '0')} 10:00`), wait);
  await d.call(local('2025-04-01 00:10'), 4);
  return { ids };
}
