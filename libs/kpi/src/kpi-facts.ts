import { CityCalendar } from './city-calendar';

/**
 * What one order contributes to the KPIs: counters, each attributed to a city date and a cut (unit,
 * district, street, category, channel, hotline, 办不成事 or not). The rollup (kpi_daily) is the sum
 * of every order's contribution; the recount (reconcile) computes the same function from the raw
 * tables. This file is the raw side of every order KPI: what counts, when, and for whom.
 *
 * Attribution dates:
 *   received     the order's received_at              intake counters
 *   dispatched   the dispatch in force                 sign and response (Beijing 响应率)
 *   deadline     each handling round's deadline        on-time completion, overdue
 *                (the extended one once approved)
 *   urged        each 催办                              urges
 *   callback due each callback task's due_at           callback, resolution, satisfaction
 */
export const COUNTERS = [
  'received',
  'merged',
  'accepted',
  'first_contact',
  'closed',
  'supervised',
  'inspected',
  'dispatched',
  'signed_on_time',
  'responded_on_time',
  'due_ok',
  'due_late',
  'due_open',
  'urges',
  'cb_reached',
  'cb_unreached',
  'cb_open',
  'res_rated',
  'res_resolved',
  'sat_rated',
  'sat_satisfied',
] as const;
export type Counter = (typeof COUNTERS)[number];

export const COUNTER_DOCS: Record<Counter, string> = {
  received: 'top-level orders received (merged duplicates included), by received date',
  merged: 'of those, merged into another order as duplicates (并单)',
  accepted: 'received, not merged, not refused (不予受理) and not transferred to 110/119/120/122',
  first_contact: 'accepted and closed at first contact (直接办结)',
  closed: 'accepted and now closed or archived (办结)',
  supervised: 'accepted and flagged for supervision (督办)',
  inspected: 'accepted and inspected (监督检查, 办不成事 orders)',
  dispatched: 'orders with a dispatch in force, by dispatch date (reopened orders are left out: their sign deadline is rewritten)',
  signed_on_time: 'of those, signed by the sign deadline',
  responded_on_time: 'of those, signed by the sign deadline and first contact by the contact deadline',
  due_ok: 'handling rounds replied by their deadline in force (approved extensions count), by deadline date',
  due_late: 'handling rounds replied after their deadline',
  due_open: 'handling rounds not replied yet (late once their deadline date has passed)',
  urges: 'urges (催办), by the date of the urge, to the unit holding the order',
  cb_reached: 'callbacks reached, by callback due date, to the rated unit',
  cb_unreached: 'callbacks that could not reach the citizen',
  cb_open: 'callbacks still pending (missed once their due date has passed)',
  res_rated: 'valid ratings of resolution (reached, not refused, resolution recorded)',
  res_resolved: 'of those, rated resolved (已解决)',
  sat_rated: 'valid satisfaction ratings (reached, not refused, rating in force recorded)',
  sat_satisfied: 'of those, 非常满意, 满意 or 基本满意',
};

/** 非常满意 + 满意 + 基本满意 count as satisfied (DOMAIN.md). */
export const SATISFIED = ['very_satisfied', 'satisfied', 'basically_satisfied'];

/** Flow actions that shape handling rounds and urges. */
export const ROUND_ACTIONS = ['dispatch', 'approve_return', 'approve_extension', 'reply', 'send_back', 'reopen', 'urge'];

export interface OrderInput {
  id: string;
  parentId: string | null;
  mergedIntoId: string | null;
  /** The lead unit of the order a duplicate was merged into: the duplicate follows it. */
  mergedParentUnitId: number | null;
  leadUnitId: number | null;
  districtId: number | null;
  streetId: number | null;
  categoryId: number | null;
  channel: string;
  hotlineId: number | null;
  appealType: string;
  state: string;
  closureKind: string | null;
  receivedAt: Date;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  signDueAt: Date | null;
  firstContactAt: Date | null;
  contactDueAt: Date | null;
  reopenRound: number;
  supervised: boolean;
  inspectedAt: Date | null;
  flows: FlowInput[];
  callbacks: CallbackInput[];
}

export interface FlowInput {
  action: string;
  at: Date;
  /** dispatch and reopen: the round's deadline. */
  dueAt: Date | null;
  /** approve_extension: the new deadline. */
  newDueAt: Date | null;
  /** dispatch: the unit. */
  leadUnitId: number | null;
}

export interface CallbackInput {
  state: string;
  reached: boolean | null;
  refused: boolean;
  resolved: string | null;
  satisfaction: string | null;
  unitId: number | null;
  dueAt: Date;
}

/** Counters by key; the key is `day|unit|district|street|category|channel|hotline|cannotDo` (0 or '' when none). */
export type Facts = Map<string, number[]>;

export interface FactKey {
  day: string;
  unitId: number;
  districtId: number;
  streetId: number;
  categoryId: number;
  channel: string;
  hotlineId: number;
  cannotDo: boolean;
}

export function parseFactKey(key: string): FactKey {
  const [day, unit, district, street, category, channel, hotline, cannotDo] = key.split('|');
  return {
    day,
    unitId: Number(unit),
    districtId: Number(district),
    streetId: Number(street),
    categoryId: Number(category),
    channel,
    hotlineId: Number(hotline),
    cannotDo: cannotDo === '1',
  };
}

const INDEX = new Map(COUNTERS.map((c, i) => [c, i]));

interface Round {
  unitId: number | null;
  dueAt: Date | null;
  repliedAt: Date | null;
}

/**
 * Handling rounds from the flow: a dispatch starts one (an approved return drops it: the deadline
 * went with it), an approved extension moves its deadline, a reply finishes it unless sent back,
 * a reopen (重办) starts the next round for the same unit with its own deadline.
 */
export function handlingRounds(o: Pick<OrderInput, 'leadUnitId' | 'flows'>): {
  rounds: Round[];
  urges: { at: Date; unitId: number | null }[];
} {
  const rounds: Round[] = [];
  const urges: { at: Date; unitId: number | null }[] = [];
  let cur = null as Round | null;
  for (const f of o.flows) {
    switch (f.action) {
      case 'dispatch':
        cur = { unitId: f.leadUnitId ?? o.leadUnitId, dueAt: f.dueAt, repliedAt: null };
        rounds.push(cur);
        break;
      case 'approve_return':
        if (cur) rounds.splice(rounds.indexOf(cur), 1);
        cur = null;
        break;
      case 'approve_extension':
        if (cur && f.newDueAt) cur.dueAt = f.newDueAt;
        break;
      case 'reply':
        if (cur) cur.repliedAt = f.at;
        break;
      case 'send_back':
        if (cur) cur.repliedAt = null;
        break;
      case 'reopen':
        cur = { unitId: cur?.unitId ?? o.leadUnitId, dueAt: f.dueAt, repliedAt: null };
        rounds.push(cur);
        break;
      case 'urge':
        urges.push({ at: f.at, unitId: cur?.unitId ?? o.leadUnitId });
        break;
    }
  }
  return { rounds, urges };
}

/** Everything one order contributes. Sub-dispatched child orders contribute nothing: the top order is counted. */
export function orderFacts(o: OrderInput, cal: CityCalendar): Facts {
  const facts: Facts = new Map();
  if (o.parentId !== null) return facts;
  const tail = `${o.districtId ?? 0}|${o.streetId ?? 0}|${o.categoryId ?? 0}|${o.channel}|${o.hotlineId ?? 0}|${o.appealType === 'cannot_do' ? 1 : 0}`;
  const add = (at: Date, unitId: number | null, counts: Partial<Record<Counter, boolean | number>>) => {
    const key = `${cal.day(at)}|${unitId ?? 0}|${tail}`;
    let row = facts.get(key);
    for (const [c, v] of Object.entries(counts)) {
      const n = Number(v);
      if (!n) continue;
      row ??= new Array<number>(COUNTERS.length).fill(0);
      row[INDEX.get(c as Counter)!] += n;
    }
    if (row) facts.set(key, row);
  };

  const merged = o.mergedIntoId !== null;
  const accepted = !merged && o.closureKind !== 'not_accepted' && o.closureKind !== 'transferred';
  add(o.receivedAt, o.leadUnitId ?? (merged ? o.mergedParentUnitId : null), {
    received: 1,
    merged,
    accepted,
    first_contact: accepted && o.closureKind === 'first_contact',
    closed: accepted && (o.state === 'closed' || o.state === 'archived'),
    supervised: accepted && o.supervised,
    inspected: accepted && o.inspectedAt !== null,
  });

  if (o.dispatchedAt && o.signDueAt && o.reopenRound === 0) {
    const signed = o.signedAt !== null && o.signedAt <= o.signDueAt;
    const contacted = o.firstContactAt !== null && o.contactDueAt !== null && o.firstContactAt <= o.contactDueAt;
    add(o.dispatchedAt, o.leadUnitId, { dispatched: 1, signed_on_time: signed, responded_on_time: signed && contacted });
  }

  const { rounds, urges } = handlingRounds(o);
  for (const r of rounds) {
    if (!r.dueAt) continue;
    if (!r.repliedAt) add(r.dueAt, r.unitId, { due_open: 1 });
    else add(r.dueAt, r.unitId, r.repliedAt <= r.dueAt ? { due_ok: 1 } : { due_late: 1 });
  }
  for (const u of urges) add(u.at, u.unitId, { urges: 1 });

  for (const c of o.callbacks) {
    if (c.state === 'cancelled') continue;
    const reached = c.state === 'done' && c.reached === true;
    const valid = reached && !c.refused;
    add(c.dueAt, c.unitId, {
      cb_reached: reached,
      cb_unreached: c.state === 'unreached' || (c.state === 'done' && !reached),
      cb_open: c.state === 'pending',
      res_rated: valid && c.resolved !== null,
      res_resolved: valid && c.resolved === 'resolved',
      sat_rated: valid && c.satisfaction !== null,
      sat_satisfied: valid && c.satisfaction !== null && SATISFIED.includes(c.satisfaction),
    });
  }
  return facts;
}

// --- stored form (kpi_order_contribution.facts): { key: "counter:n counter:n" } ---

export function encodeFacts(facts: Facts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, row] of facts) {
    out[key] = row
      .map((n, i) => (n ? `${COUNTERS[i]}:${n}` : ''))
      .filter(Boolean)
      .join(' ');
  }
  return out;
}

export function decodeFacts(stored: Record<string, string> | null | undefined): Facts {
  const facts: Facts = new Map();
  for (const [key, s] of Object.entries(stored ?? {})) {
    const row = new Array<number>(COUNTERS.length).fill(0);
    for (const pair of s.split(' ')) {
      if (!pair) continue;
      const [c, n] = pair.split(':');
      const i = INDEX.get(c as Counter);
      if (i !== undefined) row[i] = Number(n);
    }
    facts.set(key, row);
  }
  return facts;
}

/** next − prev, by key; keys whose counters do not change are left out. */
export function diffFacts(prev: Facts, next: Facts): Facts {
  const delta: Facts = new Map();
  for (const key of new Set([...prev.keys(), ...next.keys()])) {
    const a = prev.get(key);
    const b = next.get(key);
    const d = COUNTERS.map((_, i) => (b?.[i] ?? 0) - (a?.[i] ?? 0));
    if (d.some((x) => x !== 0)) delta.set(key, d);
  }
  return delta;
}

export function sameFacts(a: Facts, b: Facts): boolean {
  return diffFacts(a, b).size === 0;
}
