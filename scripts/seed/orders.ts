import type { AppealType, Channel, TicketState } from '@app/tickets';
import { computeDeadlines } from '../../libs/tickets/src/lifecycle/default-deadlines';
import { CoUnitRow, Lifecycle, Order, Plan } from './order-lifecycle';
import { CITY_OFFSET, DAY, FlowRow, HOUR, MINUTE, Story, TicketRow } from './order-story';
import { Appeal, composeAppeal, firstContactAnswer, fitAppealType, Location, pickLocation } from './order-text';
import { Caller, Goal, pickCitizen, planGoals, planReceivedTimes, repeatCallers } from './order-planning';
import { Rng } from './random';
import { LeafRef, UnitRow, UserRow, World } from './reference';

export interface GeneratedOrders {
  tickets: TicketRow[];
  flows: FlowRow[];
  coUnits: CoUnitRow[];
}

type Intake = 'first_contact' | 'not_accepted' | 'transfer' | 'merge' | 'dispatch';

const APPEAL_MIX: Record<AppealType, number> = {
  consultation: 40,
  complaint: 22,
  help: 14,
  report: 8,
  suggestion: 6,
  praise: 2,
  cannot_do: 2,
  other: 1,
};

const CHANNEL_MIX: Partial<Record<Channel, number>> = {
  phone: 55,
  wechat: 13,
  app: 10,
  web: 8,
  mailbox: 4,
  sms: 3,
  upper_level: 2,
  transfer_110: 2,
  suggestion: 1.5,
  opinion: 1.5,
};

/** What agents do at registration, by appeal type: most consultations are answered at once. */
const INTAKE: Record<AppealType, Partial<Record<Intake, number>>> = {
  consultation: { first_contact: 85, not_accepted: 1, merge: 1, dispatch: 13 },
  help: { first_contact: 25, transfer: 6, merge: 5, not_accepted: 2, dispatch: 62 },
  complaint: { first_contact: 8, merge: 7, not_accepted: 3, transfer: 1, dispatch: 81 },
  report: { first_contact: 5, merge: 6, not_accepted: 3, transfer: 2, dispatch: 84 },
  suggestion: { first_contact: 30, not_accepted: 2, dispatch: 68 },
  praise: { first_contact: 60, dispatch: 40 },
  cannot_do: { dispatch: 100 },
  other: { first_contact: 50, not_accepted: 35, transfer: 5, dispatch: 10 },
};

const TRANSFER_MIX = { '110': 60, '120': 15, '119': 10, '122': 15 };

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
  private readonly callers: Caller[];
  private readonly specialLeaves: { transfer: LeafRef[]; notAccepted: LeafRef[] };
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
    this.callers = repeatCallers(rng);
    this.specialLeaves = {
      transfer: w.leaves.filter((l) => l.def.transfer),
      notAccepted: w.leaves.filter((l) => l.def.notAccepted),
    };
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
    const id = this.firstId + this.tickets.length;
    const t: TicketRow = {
      id,
      no: orderNo(receivedAt, this.seqs[this.tickets.length]),
      version: 0,
      state: 'registered',
      appeal_type: 'consultation',
      urgency: 'normal',
      channel: 'phone',
      hotline_id: null,
      category_id: null,
      tags: [],
      citizen_name: null,
      citizen_phone: null,
      citizen_enterprise: null,
      confidential: false,
      anonymous: false,
      district_id: null,
      street_id: null,
      community_id: null,
      address: null,
      longitude: null,
      latitude: null,
      title: '',
      content: '',
      lead_unit_id: null,
      dispatch_level: 0,
      parent_id: null,
      merged_into_id: null,
      reopen_round: 0,
      open_children: 0,
      result: null,
      reply_text: null,
      rework: false,
      pending_request: null,
      closure_kind: null,
      closure_note: null,
      transfer_target: null,
      return_count: 0,
      extension_count: 0,
      urge_count: 0,
      supervised: false,
      callback_reached: null,
      callback_result: null,
      satisfaction: null,
      callback_note: null,
      sign_due_at: null,
      contact_due_at: null,
      finish_due_at: null,
      extended_due_at: null,
      due_at: null,
      time_limit_rule: null,
      received_at: receivedAt,
      registered_at: receivedAt,
      dispatched_at: null,
      signed_at: null,
      first_contact_at: null,
      replied_at: null,
      called_back_at: null,
      closed_at: null,
      archived_at: null,
      updated_at: receivedAt,
      registered_by: null,
    };
    this.tickets.push(t);
    return t;
  }

  private monthOf(d: Date): number {
    return new Date(d.getTime() + CITY_OFFSET).getUTCMonth() + 1;
  }

  private pickLeaf(receivedAt: Date): LeafRef {
    const month = this.monthOf(receivedAt);
    return this.rng.weightedBy(this.w.leaves, (l) => (l.def.months && !l.def.months.includes(month) ? 0 : l.def.weight));
  }

  private root(receivedAt: Date, goal: Goal | null): void {
    const rng = this.rng;
    const t = this.newTicket(receivedAt);
    const subOpen = goal === 'sub_open';
    const storyGoal = subOpen ? null : (goal as TicketState | null);
    let channel = rng.weighted(CHANNEL_MIX as Record<Channel, number>);
    let leaf = this.pickLeaf(receivedAt);
    if (channel === 'phone') {
      const legacy = this.w.hotlines.filter((h) => h.def.share > 0 && h.row.default_category_id);
      const primary = this.w.hotlines.find((h) => h.row.mode === 'primary')!;
      const line = rng.chance(0.14) ? rng.weightedBy(legacy, (h) => h.def.share) : primary;
      t.hotline_id = line.row.id;
      if (line.row.default_category_id) leaf = this.w.leaves.find((l) => l.id === line.row.default_category_id)!;
    }
    if (subOpen) {
      leaf = rng.weightedBy(this.w.leaves, (l) => (l.def.unit === 'D' ? l.def.weight : 0));
      if (t.hotline_id) t.hotline_id = this.w.hotlines.find((h) => h.row.mode === 'primary')!.row.id;
    }
    let type = fitAppealType(leaf, channel === 'suggestion' ? 'suggestion' : rng.weighted(APPEAL_MIX));
    let intake: Intake = rng.weighted(INTAKE[type] as Record<Intake, number>);
    if (goal) {
      intake = 'dispatch';
      if (goal === 'pending_review') {
        while (!leaf.def.problems.length) leaf = this.pickLeaf(receivedAt);
        type = 'cannot_do';
      }
    }
    if (intake === 'transfer') {
      leaf = rng.weightedBy(this.specialLeaves.transfer, (l) => TRANSFER_MIX[l.def.transfer!]);
      channel = 'phone';
      type = 'help';
      t.hotline_id = this.w.hotlines.find((h) => h.row.mode === 'primary')!.row.id;
    } else if (intake === 'not_accepted') {
      leaf = rng.pick(this.specialLeaves.notAccepted);
    }

    let loc = pickLocation(rng, this.w);
    // A child can only go to a street with users of its own.
    while (subOpen && !loc.street.staffed) loc = pickLocation(rng, this.w);
    const appeal = this.describe(leaf, type, channel, loc);
    const citizen = pickCitizen(rng, this.callers);
    const urgent = leaf.def.urgentShare && rng.chance(leaf.def.urgentShare);
    Object.assign(t, {
      appeal_type: type,
      channel,
      category_id: leaf.id,
      title: appeal.title,
      content: appeal.content,
      urgency: urgent ? (rng.chance(0.35) ? 'critical' : 'urgent') : rng.chance(0.025) ? 'urgent' : 'normal',
      citizen_name: citizen.name,
      citizen_phone: citizen.phone,
      anonymous: citizen.anonymous,
      confidential: citizen.confidential,
      citizen_enterprise: leaf.family === '营商环境' ? appeal.company : null,
      tags: this.tagsFor(leaf, receivedAt, citizen.repeat),
    });
    this.place(t, loc);

    const agent = rng.pick(this.w.staff.agent);
    const s = new Story(t, this.flows, this.now, rng, storyGoal, goal !== null);
    this.register(s, agent, channel);
    if (s.stopped) return;
    const order: Order = { story: s, leaf, loc, plan: this.plan(goal, receivedAt), coUnits: [], children: [] };
    const parent = intake === 'merge' ? this.mergeParent(t) : null;
    if (parent) return this.merge(order, agent, parent);
    const actor = this.lifecycle.as(agent);
    const step = s.after(rng.real(1, 8) * MINUTE);
    if (!step) return;
    switch (intake === 'merge' ? 'dispatch' : intake) {
      case 'first_contact':
        s.apply('close_first_contact', 'closed', actor, step, {
          patch: {
            reply_text: firstContactAnswer(rng, leaf, type, loc),
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

  private describe(leaf: LeafRef, type: AppealType, channel: Channel, loc: Location): Appeal {
    if (leaf.def.transfer || leaf.def.notAccepted) {
      const [title, body] = leaf.def.problems[0]
        .replace(/\{place\}/g, loc.place)
        .replace(/\{road\}/g, loc.road)
        .split('|');
      return { title, content: body, company: '' };
    }
    return composeAppeal(this.rng, leaf, type, channel, loc);
  }

  private place(t: TicketRow, loc: Location): void {
    Object.assign(t, {
      district_id: loc.district.region.id,
      street_id: loc.street.region.id,
      community_id: loc.community.region.id,
      address: loc.address,
      longitude: loc.longitude,
      latitude: loc.latitude,
    });
  }

  private tagsFor(leaf: LeafRef, receivedAt: Date, repeat: boolean): string[] {
    const tags: string[] = [];
    if (leaf.family === '营商环境') tags.push('营商环境');
    if (repeat) tags.push('重复来电');
    const recent = this.now.getTime() - receivedAt.getTime() < 120 * DAY;
    if (recent && (leaf.def.name === '夜间施工噪声' || leaf.def.name === '物业服务质量') && this.rng.chance(0.5)) tags.push('每月一题');
    return tags;
  }

  private register(s: Story, agent: UserRow, channel: Channel): void {
    const t = s.t;
    const delay =
      channel === 'phone'
        ? this.rng.real(2, 8) * MINUTE
        : channel === 'mailbox'
          ? this.rng.real(1, 20) * HOUR
          : this.rng.real(5, 120) * MINUTE;
    // Registration always happens, even for an appeal that came in a moment ago.
    const at = new Date(Math.min(t.received_at.getTime() + delay, (t.received_at.getTime() + this.now.getTime()) / 2));
    s.clock = at;
    s.apply('register', 'registered', this.lifecycle.as(agent), at, { patch: { registered_at: at, registered_by: agent.id } });
  }

  private plan(goal: Goal | null, receivedAt: Date): Plan {
    const rng = this.rng;
    if (goal) {
      return {
        returnRequest: goal === 'return_requested',
        extension: goal === 'extension_requested',
        urges: 0,
        supervise: false,
        subDispatch: goal === 'sub_open',
        sendBack: false,
        reopen: false,
        stuck: false,
        openChild: goal === 'sub_open',
      };
    }
    const age = (this.now.getTime() - receivedAt.getTime()) / DAY;
    const stuck = age > 12 && age < 120 && rng.chance(0.025);
    const urges = stuck ? rng.int(1, 3) : rng.chance(0.12) ? rng.int(1, 3) : 0;
    return {
      returnRequest: rng.chance(0.07),
      extension: stuck ? rng.chance(0.4) : rng.chance(0.08),
      urges,
      supervise: stuck ? rng.chance(0.6) : rng.chance(urges >= 2 ? 0.5 : 0.03),
      subDispatch: rng.chance(0.4),
      sendBack: rng.chance(0.05),
      reopen: rng.chance(0.5),
      stuck,
      openChild: false,
    };
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
    const dl = computeDeadlines(p.appeal_type as AppealType, p.urgency as 'normal', at);
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
    const child: Order = { story: s, leaf: parent.leaf, loc: parent.loc, plan: this.plan(null, p.received_at), coUnits: [], children: [] };
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
