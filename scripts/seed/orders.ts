import type { AppealType, Urgency } from '@app/tickets';
import { computeDeadlines } from './seed-deadlines';
import { OrderComposer } from './order-compose';
import { CoUnitRow, Lifecycle, Order } from './order-lifecycle';
import { Goal, planGoals, planReceivedTimes } from './order-planning';
import { blankTicket, CITY_OFFSET, DAY, FlowRow, HOUR, MINUTE, Story, TicketRow } from './order-story';
import { firstContactAnswer } from './order-text';
import { Rng } from './random';
import { UnitRow, UserRow, World } from './reference';
import { warnAt } from './warn-at';

export interface GeneratedOrders {
  tickets: TicketRow[];
  flows: FlowRow[];
  coUnits: CoUnitRow[];
}

const cityDate = (d: Date) => new Date(d.getTime() + CITY_OFFSET).toISOString().slice(0, 10).replace(/-/g, '');

/** The order number next_ticket_no() would have given, but dated by when the appeal came in. */
const orderNo = (receivedAt: Date, seq: string) => `${cityDate(receivedAt)}-${seq.length < 8 ? seq.padStart(8, '0') : seq}`;

interface MergeCandidate {
  order: Order;
  openUntil: number;
}

/** Makes `count` orders, oldest first, each with the flow that led it to its state. */
export class OrderGenerator {
  private readonly tickets: TicketRow[] = [];
  private readonly flows: FlowRow[] = [];
  private readonly coUnits: CoUnitRow[] = [];
  private readonly candidates: MergeCandidate[] = [];
  private readonly lifecycle: Lifecycle;
  private readonly composer: OrderComposer;
  private slot = 0;
  private times: Date[] = [];
  private tailCount = 0;

  constructor(
    private readonly w: World,
    private readonly rng: Rng,
    private readonly now: Date,
    private readonly firstId: number,
    private readonly seqs: string[],
  ) {
    this.lifecycle = new Lifecycle(w, rng, (parent, unit, at, due, by) => this.spawnChild(parent, unit, at, due, by));
    this.composer = new OrderComposer(w, rng, now);
  }

  generate(count: number): GeneratedOrders {
    const goals = planGoals(this.rng, count);
    this.tailCount = goals.tail.length;
    this.times = planReceivedTimes(this.rng, count, this.now, this.tailCount);
    // The goals that wait on someone (a review, a callback) belong to the last two weeks.
    const recent = this.now.getTime() - 14 * DAY;
    const zoneStart = Math.min(
      count - this.tailCount - goals.middle.length * 2,
      this.times.findIndex((t) => t.getTime() >= recent),
    );
    const middle = goals.middle;
    while (this.slot < count) {
      const slot = this.slot++;
      let goal: Goal | null = null;
      const tailIndex = slot - (count - this.tailCount);
      if (tailIndex >= 0) goal = goals.tail[tailIndex];
      else if (
        slot >= zoneStart &&
        middle.length &&
        this.rng.chance(Math.min(1, (1.5 * middle.length) / (count - this.tailCount - slot)))
      ) {
        goal = middle.pop()!;
      }
      this.root(this.times[slot], goal);
    }
    this.tickets.sort((a, b) => a.id - b.id);
    return { tickets: this.tickets, flows: this.flows, coUnits: this.coUnits };
  }

  private newTicket(receivedAt: Date): TicketRow {
    const n = this.tickets.length;
    const t = blankTicket(this.firstId + n, orderNo(receivedAt, this.seqs[n]), receivedAt);
    this.tickets.push(t);
    return t;
  }

  private root(receivedAt: Date, goal: Goal | null): void {
    const rng = this.rng;
    const t = this.newTicket(receivedAt);
    const { leaf, loc, intake, plan } = this.composer.compose(t, goal);
    const agent = rng.pick(this.w.staff.agent);
    const s = new Story(t, this.flows, this.now, rng, OrderComposer.storyGoal(goal), goal !== null);
    this.register(s, agent);
    if (s.stopped) return;
    const order: Order = { story: s, leaf, loc, plan, coUnits: [], children: [] };
    const parent = intake === 'merge' ? this.mergeParent(t) : null;
    if (parent) return this.merge(order, agent, parent);
    const actor = this.lifecycle.as(agent);
    const step = s.after(rng.real(1, 8) * MINUTE);
    if (!step) return;
    switch (intake === 'merge' ? 'dispatch' : intake) {
      case 'first_contact':
        s.apply('close_first_contact', 'closed', actor, step, {
          patch: {
            reply_text: firstContactAnswer(rng, leaf, t.appeal_type as AppealType, loc),
            result: 'resolved',
            closure_kind: 'first_contact',
            closed_at: step,
            replied_at: step,
          },
        });
        return this.lifecycle.archive(s);
      case 'not_accepted':
        s.apply('not_accept', 'closed', actor, step, {
          opinion: leaf.def.notAccepted!,
          patch: { closure_kind: 'not_accepted', closure_note: leaf.def.notAccepted!, closed_at: step },
        });
        return this.lifecycle.archive(s);
      case 'transfer': {
        const target = leaf.def.transfer!;
        s.apply('transfer', 'closed', actor, step, {
          opinion: `已一键转接${target}处理。`,
          details: { target },
          patch: { closure_kind: 'transferred', transfer_target: target, closed_at: step },
        });
        return this.lifecycle.archive(s);
      }
      default:
        return this.dispatchPath(order, agent, step);
    }
  }

  private register(s: Story, agent: UserRow): void {
    const t = s.t;
    const delay =
      t.channel === 'phone'
        ? this.rng.real(2, 8) * MINUTE
        : t.channel === 'mailbox'
          ? this.rng.real(1, 20) * HOUR
          : this.rng.real(5, 120) * MINUTE;
    // Registration always happens, even for an appeal that came in a moment ago.
    const at = new Date(Math.min(t.received_at.getTime() + delay, (t.received_at.getTime() + this.now.getTime()) / 2));
    s.clock = at;
    s.apply('register', 'registered', this.lifecycle.as(agent), at, { patch: { registered_at: at, registered_by: agent.id } });
  }

  private dispatchPath(order: Order, agent: UserRow, submitAt: Date): void {
    const s = order.story;
    const t = s.t;
    const actor = this.lifecycle.as(agent);
    const before = this.flows.length;
    s.apply('submit', t.appeal_type === 'cannot_do' ? 'pending_review' : 'to_dispatch', actor, submitAt);
    if (t.state === 'pending_review' && !s.stopped) {
      const at = s.after(this.rng.real(1, 8) * HOUR);
      if (!at) return;
      const reviewer = this.lifecycle.as(this.rng.pick(this.w.staff.dispatcher));
      if (!s.goal && this.rng.chance(0.1)) {
        const reason = '经审核，该诉求已通过行政复议程序处理，不属于“办不成事”受理范围，已告知诉求人。';
        s.apply('not_accept', 'closed', reviewer, at, {
          opinion: reason,
          patch: { closure_kind: 'not_accepted', closure_note: reason, closed_at: at },
        });
        return this.lifecycle.archive(s);
      }
      s.apply('confirm', 'to_dispatch', reviewer, at, { opinion: '经审核，诉求属实，同意派单。' });
    }
    if (!s.stopped) this.lifecycle.run(order, this.leadFor(order));
    this.archiveChildren(order);
    if (!t.parent_id) {
      const closedFlow = this.flows.slice(before).find((f) => f.ticket_id === t.id && f.to_state === 'closed');
      this.candidates.push({ order, openUntil: closedFlow ? closedFlow.created_at.getTime() : Infinity });
    }
    this.coUnits.push(...order.coUnits);
  }

  private leadFor(order: Order): UnitRow {
    const code = order.leaf.def.unit;
    if (code === 'D') return order.loc.district.unit;
    if (code === 'S') return order.loc.street.staffed ? order.loc.street.unit : order.loc.district.unit;
    return this.w.unitByCode.get(code)!;
  }

  /** 并单: a later appeal about the same matter follows an order that is still open. */
  private mergeParent(t: TicketRow): Order | null {
    const at = t.registered_at.getTime();
    const open = this.candidates
      .slice(-300)
      .filter((c) => c.order.story.t.registered_at.getTime() < at - 30 * MINUTE && c.openUntil > at + 2 * HOUR);
    if (!open.length) return null;
    return this.rng.weightedBy(open, (c) => (c.order.story.t.district_id === t.district_id ? 4 : 1)).order;
  }

  private merge(order: Order, agent: UserRow, parent: Order): void {
    const s = order.story;
    const p = parent.story.t;
    Object.assign(s.t, {
      category_id: p.category_id,
      appeal_type: p.appeal_type,
      urgency: p.urgency,
      title: p.title,
      content: p.content,
      district_id: p.district_id,
      street_id: p.street_id,
      community_id: p.community_id,
      address: p.address,
      longitude: p.longitude,
      latitude: p.latitude,
      citizen_enterprise: p.citizen_enterprise,
    });
    const at = s.after(this.rng.real(3, 30) * MINUTE);
    if (!at) return;
    s.apply('merge', 'merged', this.lifecycle.as(agent), at, {
      opinion: `与工单${p.no}反映问题相同，予以并单。`,
      details: { parentId: String(p.id), parentNo: p.no },
      patch: { merged_into_id: p.id, closed_at: null },
    });
    if (p.archived_at) this.lifecycle.archive(s, new Date(p.archived_at.getTime() + this.rng.real(1, 10) * MINUTE));
  }

  /** 下派: a child order, dated like its parent, numbered next in sequence. */
  private spawnChild(parent: Order, unit: UnitRow, at: Date, due: Date, by: UserRow): Order | null {
    if (this.slot >= this.times.length - this.tailCount) return null;
    this.slot++;
    const p = parent.story.t;
    const t = this.newTicket(p.received_at);
    const dl = computeDeadlines(p.appeal_type as AppealType, p.urgency as Urgency, at);
    const min = (a: Date, b: Date) => (a < b ? a : b);
    Object.assign(t, {
      appeal_type: p.appeal_type,
      urgency: p.urgency,
      channel: p.channel,
      hotline_id: p.hotline_id,
      category_id: p.category_id,
      tags: p.tags,
      citizen_name: p.citizen_name,
      citizen_phone: p.citizen_phone,
      citizen_enterprise: p.citizen_enterprise,
      confidential: p.confidential,
      anonymous: p.anonymous,
      district_id: p.district_id,
      street_id: p.street_id,
      community_id: p.community_id,
      address: p.address,
      longitude: p.longitude,
      latitude: p.latitude,
      title: p.title,
      content: p.content,
      lead_unit_id: unit.id,
      dispatch_level: this.w.depth(unit.id),
      parent_id: p.id,
      dispatched_at: at,
      sign_due_at: min(dl.signDueAt, due),
      contact_due_at: min(dl.contactDueAt, due),
      finish_due_at: due,
      due_at: due,
      warn_at: warnAt(at, due),
      time_limit_rule: 'sub_dispatch',
      registered_by: by.id,
      registered_at: at,
    });
    const goal = parent.plan.openChild ? this.rng.pick(['dispatched', 'in_progress'] as const) : null;
    const s = new Story(t, this.flows, this.now, this.rng, goal);
    s.clock = at;
    s.apply('sub_dispatch', 'dispatched', this.lifecycle.as(by), at, {
      details: { parentId: String(p.id), parentNo: p.no, unitId: unit.id, dueAt: due.toISOString() },
    });
    const child: Order = {
      story: s,
      leaf: parent.leaf,
      loc: parent.loc,
      plan: this.composer.plan(null, p.received_at),
      coUnits: [],
      children: [],
    };
    this.lifecycle.runChild(child, by);
    parent.children.push(child);
    return child;
  }

  /** Closed child orders go to the archive with their parent. */
  private archiveChildren(order: Order): void {
    const archivedAt = order.story.t.archived_at;
    if (!archivedAt) return;
    for (const c of order.children) {
      if (c.story.t.state === 'closed') this.lifecycle.archive(c.story, new Date(archivedAt.getTime() + 1000));
    }
  }
}
