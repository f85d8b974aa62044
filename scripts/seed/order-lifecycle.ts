import type { AppealType, HandlingResult, PendingRequest, Satisfaction, Urgency } from '@app/tickets';
// The deadline rules themselves, without loading the tickets module's Nest services.
import { addWorkingDays, computeDeadlines } from './seed-deadlines';
import { coUnitReply, Location, replyText } from './order-text';
import { Actor, DAY, HOUR, MINUTE, Story } from './order-story';
import { Rng } from './random';
import { LeafRef, UnitRow, UserRow, World } from './reference';
import {
  CALLBACK_NOTES,
  CONTACT_OPINIONS,
  DISPATCH_OPINIONS,
  EXTENSION_REASONS,
  REOPEN_REASONS,
  RETURN_REASONS,
  SEND_BACK_OPINIONS,
  SUPERVISE_REASONS,
  URGE_OPINIONS,
} from './text-pools.data';
import { warnAt } from './warn-at';

/** What will happen to an order once dispatched, decided up front. Time may cut it short. */
export interface Plan {
  returnRequest: boolean;
  extension: boolean;
  urges: number;
  supervise: boolean;
  subDispatch: boolean;
  sendBack: boolean;
  /** Reopen if the callback is unsatisfied. */
  reopen: boolean;
  /** Never replied: an overdue open order (often urged and supervised). */
  stuck: boolean;
  /** Sub-dispatch, and the child is still open now. */
  openChild: boolean;
}

export interface CoUnitRow {
  ticket_id: number;
  unit_id: number;
  part_reply: string | null;
  replied_at: Date | null;
}

export interface Order {
  story: Story;
  leaf: LeafRef;
  loc: Location;
  plan: Plan;
  coUnits: CoUnitRow[];
  /** Sub-dispatched orders (下派), oldest first. */
  children: Order[];
}

/** Creates a sub-dispatched child order and tells its story; see orders.ts. */
export type SpawnChild = (parent: Order, unit: UnitRow, at: Date, due: Date, by: UserRow) => Order | null;

const ms = (d: Date) => d.getTime();
const later = (d: Date, delta: number) => new Date(d.getTime() + delta);

const SATISFACTION_BY_RESULT: Record<HandlingResult, Record<Satisfaction, number>> = {
  resolved: { very_satisfied: 46, satisfied: 35, basically_satisfied: 12, dissatisfied: 5, very_dissatisfied: 2 },
  partly: { very_satisfied: 15, satisfied: 35, basically_satisfied: 30, dissatisfied: 15, very_dissatisfied: 5 },
  unresolved: { very_satisfied: 2, satisfied: 10, basically_satisfied: 28, dissatisfied: 40, very_dissatisfied: 20 },
};

/** Dispatch and everything after it, acted out by the seeded users. */
export class Lifecycle {
  private readonly units: Map<number, UnitRow>;

  constructor(
    private readonly w: World,
    private readonly rng: Rng,
    private readonly spawnChild: SpawnChild,
  ) {
    this.units = new Map(w.units.map((u) => [u.id, u]));
  }

  as(u: UserRow): Actor {
    return { userId: u.id, unitId: u.unit_id, role: u.role };
  }

  private centre(role: 'agent' | 'dispatcher' | 'supervisor'): Actor {
    return this.as(this.rng.pick(this.w.staff[role]));
  }

  handler(unitId: number): UserRow {
    const u = this.w.handlerOf.get(unitId);
    if (!u) throw new Error(`unit ${unitId} has no handler user`);
    return u;
  }

  /** Units work office hours, except on urgent and critical orders. */
  private office(o: Order): boolean {
    return o.story.t.urgency === 'normal';
  }

  private unit(id: number): UnitRow {
    return this.units.get(id)!;
  }

  private unitName(id: number): string {
    return this.unit(id).name;
  }

  /** From to_dispatch to closed (or as far as time allows), then archive. */
  run(o: Order, lead: UnitRow): void {
    const s = o.story;
    if (!this.dispatch(o, lead)) return;
    if (o.plan.returnRequest) {
      const outcome = this.requestReturn(o);
      if (outcome === 'stopped') return;
      if (outcome !== 'refused' && !this.dispatch(o, outcome)) return;
    }
    if (s.t.state === 'dispatched' && !this.sign(o)) return;
    if (!this.contact(o)) return;
    if (!this.handleRound(o)) return;
    this.archive(s);
  }

  private dispatch(o: Order, lead: UnitRow): boolean {
    const s = o.story;
    const t = s.t;
    const urgent = t.urgency !== 'normal';
    const at = s.after(urgent ? this.rng.real(5, 30) * MINUTE : this.rng.real(0.3, 5) * HOUR);
    if (!at) return false;
    const dl = computeDeadlines(t.appeal_type as AppealType, t.urgency as Urgency, at);
    const coUnitIds = this.pickCoUnits(o, lead);
    o.coUnits = coUnitIds.map((unit_id) => ({ ticket_id: t.id, unit_id, part_reply: null, replied_at: null }));
    s.apply('dispatch', 'dispatched', this.centre('dispatcher'), at, {
      opinion: this.rng.chance(0.6) ? this.rng.pick(DISPATCH_OPINIONS) : null,
      details: { leadUnitId: lead.id, coUnitIds, dueAt: dl.finishDueAt.toISOString() },
      patch: {
        lead_unit_id: lead.id,
        dispatch_level: this.w.depth(lead.id),
        dispatched_at: at,
        signed_at: null,
        sign_due_at: dl.signDueAt,
        contact_due_at: dl.contactDueAt,
        finish_due_at: dl.finishDueAt,
        extended_due_at: null,
        due_at: dl.finishDueAt,
        warn_at: warnAt(at, dl.finishDueAt),
        time_limit_rule: dl.rule,
        rework: false,
      },
    });
    return !s.stopped;
  }

  private pickCoUnits(o: Order, lead: UnitRow): number[] {
    const code = o.leaf.def.coUnit;
    if (code && this.rng.chance(0.3)) {
      const co = this.w.unitByCode.get(code)!;
      if (co.id !== lead.id) return [co.id];
    }
    if (lead.type === 'department' && this.rng.chance(0.04)) return [o.loc.district.unit.id];
    return [];
  }

  private sign(o: Order): boolean {
    const s = o.story;
    const t = s.t;
    const window = ms(t.sign_due_at!) - ms(t.dispatched_at!);
    const delay = this.rng.chance(0.88) ? window * this.rng.real(0.05, 0.9) : window + this.rng.real(1, 20) * HOUR;
    const at = s.after(delay, this.office(o));
    if (!at) return false;
    s.apply('sign', 'in_progress', this.as(this.handler(t.lead_unit_id!)), at, { patch: { signed_at: at } });
    return !s.stopped;
  }

  private contact(o: Order): boolean {
    const s = o.story;
    const urgent = s.t.urgency !== 'normal';
    const at = s.after(urgent ? this.rng.real(10, 60) * MINUTE : this.rng.real(0.5, 20) * HOUR, this.office(o));
    if (!at) return false;
    s.note('record_contact', this.as(this.handler(s.t.lead_unit_id!)), at, {
      opinion: this.rng.pick(CONTACT_OPINIONS),
      patch: { first_contact_at: s.t.first_contact_at ?? at },
    });
    return !s.stopped;
  }

  /** 退单: the unit asks to give the order back; the centre approves (re-dispatch) or refuses. */
  private requestReturn(o: Order): UnitRow | 'refused' | 'stopped' {
    const s = o.story;
    const t = s.t;
    const lead = this.unit(t.lead_unit_id!);
    const handler = this.handler(lead.id);
    if (s.t.state === 'dispatched' && this.rng.chance(0.4) && !this.sign(o)) return 'stopped';
    const at = s.after(this.rng.real(2, 30) * HOUR, this.office(o));
    if (!at) return 'stopped';
    const suggested = this.alternativeUnit(o, lead);
    const reason = this.rng.pick(RETURN_REASONS).replace('{unit}', suggested.name);
    const pending: PendingRequest = {
      kind: 'return',
      requestedBy: handler.id,
      requestedByUnit: lead.id,
      requestedAt: at.toISOString(),
      reason,
      suggestedUnitId: suggested.id,
      resumeState: 'in_progress',
    };
    s.apply('request_return', 'return_requested', this.as(handler), at, {
      opinion: reason,
      details: { suggestedUnitId: suggested.id, from: t.state },
      patch: { pending_request: pending },
    });
    if (s.stopped) return 'stopped';
    const reviewAt = s.after(this.rng.real(1, 10) * HOUR);
    if (!reviewAt) return 'stopped';
    if (this.rng.chance(0.7)) {
      s.apply('approve_return', 'to_dispatch', this.centre('dispatcher'), reviewAt, {
        details: { returnedBy: lead.id, suggestedUnitId: suggested.id },
        patch: {
          pending_request: null,
          lead_unit_id: null,
          return_count: t.return_count + 1,
          rework: false,
          signed_at: null,
          dispatched_at: null,
          sign_due_at: null,
          contact_due_at: null,
          finish_due_at: null,
          extended_due_at: null,
          due_at: null,
          warn_at: null,
        },
      });
      o.coUnits = [];
      return s.stopped ? 'stopped' : suggested;
    }
    s.apply('refuse_return', 'in_progress', this.centre('dispatcher'), reviewAt, {
      opinion: '经审核，该事项属于贵单位职责范围，请认真办理。',
      patch: { pending_request: null, rework: true, signed_at: t.signed_at ?? reviewAt },
    });
    return s.stopped ? 'stopped' : 'refused';
  }

  private alternativeUnit(o: Order, lead: UnitRow): UnitRow {
    const code = o.leaf.def.unit;
    const candidates = [
      o.loc.district.unit,
      code.startsWith('DEPT-') || code.startsWith('ENT-') ? this.w.unitByCode.get(code)! : this.w.unitByCode.get('DEPT-CG')!,
      this.w.unitByCode.get('DEPT-ZJ')!,
    ].filter((u) => u.id !== lead.id);
    return this.rng.pick(candidates);
  }

  /** One round of handling: from in progress to closed. Returns false when the story stopped. */
  private handleRound(o: Order): boolean {
    const s = o.story;
    const t = s.t;
    if (t.reopen_round === 0 && o.plan.subDispatch && !this.subDispatch(o)) return false;
    if (t.reopen_round === 0 && o.plan.extension && !this.extension(o)) return false;
    const due = t.due_at!;
    const late = this.rng.chance(o.plan.urges > 0 ? 0.3 : 0.06);
    // A stuck order is never replied: its urges run on until now.
    const replyAt = o.plan.stuck
      ? later(due, 60 * DAY)
      : late
        ? later(due, this.rng.real(0.2, 4) * DAY)
        : new Date(ms(s.clock) + Math.max(ms(due) - ms(s.clock), 2 * HOUR) * this.rng.real(0.25, 0.9));
    if (!this.urgeAndSupervise(o, replyAt)) return false;
    if (o.plan.stuck) {
      s.stopped = true;
      return false;
    }
    if (!this.reply(o, replyAt)) return false;
    if (!this.review(o)) return false;
    if (!this.callback(o)) return false;
    const unsatisfied = t.satisfaction === 'dissatisfied' || t.satisfaction === 'very_dissatisfied';
    if (t.reopen_round === 0 && unsatisfied && o.plan.reopen) {
      if (!this.reopen(o) || !this.contact(o)) return false;
      return this.handleRound(o);
    }
    return true;
  }

  /** 下派: a child order for the street (or community) where the problem is. */
  private subDispatch(o: Order): boolean {
    const s = o.story;
    const t = s.t;
    const lead = this.unit(t.lead_unit_id!);
    const below = lead.type === 'district' ? o.loc.street : lead.type === 'street' ? o.loc.community : null;
    if (!below?.staffed || !below.unit.path.startsWith(lead.path)) return true;
    const at = s.after(this.rng.real(1, 12) * HOUR, this.office(o));
    if (!at) return false;
    const by = this.handler(lead.id);
    const child = this.spawnChild(o, below.unit, at, t.due_at!, by);
    if (!child) {
      if (o.plan.openChild) s.stopped = true;
      return !s.stopped;
    }
    s.note('sub_dispatch', this.as(by), at, {
      details: { childId: String(child.story.t.id), childNo: child.story.t.no, unitId: below.unit.id, dueAt: t.due_at!.toISOString() },
      patch: { open_children: t.open_children + 1 },
    });
    const c = child.story.t;
    if (c.state !== 'closed' && c.state !== 'archived') {
      s.stopped = true;
      return false;
    }
    const at2 = s.at(later(c.closed_at!, 1000));
    if (!at2) return false;
    s.note('child_closed', this.as(by), at2, {
      details: { childId: String(c.id), childNo: c.no, result: c.result },
      patch: { open_children: t.open_children - 1 },
    });
    return !s.stopped;
  }

  /** A child order's own life: sign, contact, reply; the parent's unit accepts the reply. */
  runChild(o: Order, parentHandler: UserRow): void {
    const s = o.story;
    const t = s.t;
    if (!this.sign(o) || !this.contact(o)) return;
    const replyAt = new Date(ms(s.clock) + Math.max(ms(t.due_at!) - ms(s.clock), 2 * HOUR) * this.rng.real(0.2, 0.7));
    if (!this.reply(o, replyAt)) return;
    const at = s.after(this.rng.real(1, 20) * HOUR, this.office(o));
    if (!at) return;
    s.apply('accept_reply', 'closed', this.as(parentHandler), at, { patch: { closure_kind: 'child_done', closed_at: at } });
  }

  /** 延期: the unit asks for more time before the deadline; the centre approves or refuses. */
  private extension(o: Order): boolean {
    const s = o.story;
    const t = s.t;
    const handler = this.handler(t.lead_unit_id!);
    const due = t.due_at!;
    const at = s.at(new Date(Math.max(ms(due) - this.rng.real(0.3, 2) * DAY, ms(s.clock) + HOUR)), this.office(o));
    if (!at) return false;
    const newDue = addWorkingDays(due, this.rng.int(3, 10));
    const reason = this.rng.pick(EXTENSION_REASONS);
    const pending: PendingRequest = {
      kind: 'extension',
      requestedBy: handler.id,
      requestedByUnit: t.lead_unit_id!,
      requestedAt: at.toISOString(),
      reason,
      newDueAt: newDue.toISOString(),
      resumeState: 'in_progress',
    };
    s.apply('request_extension', 'extension_requested', this.as(handler), at, {
      opinion: reason,
      details: { newDueAt: newDue.toISOString(), currentDueAt: due.toISOString() },
      patch: { pending_request: pending },
    });
    if (s.stopped) return false;
    const reviewAt = s.after(this.rng.real(1, 12) * HOUR);
    if (!reviewAt) return false;
    if (this.rng.chance(0.8)) {
      s.apply('approve_extension', 'in_progress', this.centre('dispatcher'), reviewAt, {
        details: { newDueAt: newDue.toISOString() },
        patch: {
          pending_request: null,
          extended_due_at: newDue,
          due_at: newDue,
          warn_at: warnAt(reviewAt, newDue),
          extension_count: t.extension_count + 1,
        },
      });
    } else {
      s.apply('refuse_extension', 'in_progress', this.centre('dispatcher'), reviewAt, {
        opinion: '延期理由不充分，请按原期限办结。',
        patch: { pending_request: null },
      });
    }
    return !s.stopped;
  }

  /** 催办 around the deadline (yellow card the day before, red card after), then 督办. */
  private urgeAndSupervise(o: Order, replyAt: Date): boolean {
    const s = o.story;
    const t = s.t;
    const due = t.due_at!;
    for (let k = 0; k < o.plan.urges; k++) {
      const when = later(due, (k === 0 ? -0.8 : k) * DAY);
      if (ms(when) <= ms(s.clock) || ms(when) >= ms(replyAt)) continue;
      const at = s.at(when);
      if (!at) return false;
      const actor = this.rng.chance(0.6) ? this.centre('supervisor') : this.centre('dispatcher');
      s.note('urge', actor, at, { opinion: URGE_OPINIONS[Math.min(k, URGE_OPINIONS.length - 1)], patch: { urge_count: t.urge_count + 1 } });
      if (s.stopped) return false;
    }
    if (o.plan.supervise) {
      const when = later(due, this.rng.real(1, 3) * DAY);
      if (ms(when) > ms(s.clock) && ms(when) < ms(replyAt)) {
        const at = s.at(when);
        if (!at) return false;
        s.note('supervise', this.centre('supervisor'), at, { opinion: this.rng.pick(SUPERVISE_REASONS), patch: { supervised: true } });
        if (s.stopped) return false;
      }
    }
    return true;
  }

  private reply(o: Order, when: Date): boolean {
    const s = o.story;
    const t = s.t;
    const at = s.at(when, this.office(o));
    if (!at) return false;
    const type = t.appeal_type as AppealType;
    const result: HandlingResult =
      type === 'consultation' || type === 'praise' ? 'resolved' : this.rng.weighted({ resolved: 80, partly: 12, unresolved: 8 });
    const leadName = this.unitName(t.lead_unit_id!);
    for (const co of o.coUnits) {
      co.part_reply = coUnitReply(this.unitName(co.unit_id), leadName);
      co.replied_at = new Date(Math.max(ms(t.dispatched_at!) + MINUTE, ms(at) - this.rng.real(1, 20) * HOUR));
    }
    s.apply('reply', 'replied', this.as(this.handler(t.lead_unit_id!)), at, {
      details: { result },
      patch: { result, reply_text: replyText(this.rng, leadName, o.leaf, type, result), replied_at: at, rework: false },
    });
    return !s.stopped;
  }

  /** The centre reviews the reply: accepted for callback, or sent back once for more work. */
  private review(o: Order): boolean {
    const s = o.story;
    const at = s.after(this.rng.real(0.5, 20) * HOUR);
    if (!at) return false;
    const reviewer = this.rng.chance(0.7) ? this.centre('dispatcher') : this.centre('supervisor');
    if (o.plan.sendBack && s.t.reopen_round === 0) {
      o.plan.sendBack = false;
      s.apply('send_back', 'in_progress', reviewer, at, { opinion: this.rng.pick(SEND_BACK_OPINIONS), patch: { rework: true } });
      if (s.stopped) return false;
      const again = s.after(this.rng.real(0.5, 2.5) * DAY);
      return again !== null && this.reply(o, again) && this.review(o);
    }
    s.apply('accept_reply', 'callback_pending', reviewer, at);
    return !s.stopped;
  }

  /** 回访: the citizen is asked whether it was done and how satisfied they are. */
  private callback(o: Order): boolean {
    const s = o.story;
    const t = s.t;
    const at = s.after(this.rng.real(3, 30) * HOUR);
    if (!at) return false;
    if (!t.citizen_phone || !this.rng.chance(0.93)) {
      if (t.citizen_phone && this.rng.chance(0.5)) {
        const note = this.rng.pick(CALLBACK_NOTES.unreached);
        s.apply('record_callback', 'closed', this.centre('agent'), at, {
          opinion: note,
          details: { reached: false, resolved: null, satisfaction: null },
          patch: {
            callback_reached: false,
            callback_result: null,
            satisfaction: null,
            callback_note: note,
            called_back_at: at,
            closed_at: at,
            closure_kind: 'handled',
          },
        });
      } else {
        const reason = t.citizen_phone ? '多次回访无法联系诉求人，经审核予以办结。' : '匿名诉求，无法回访，经审核予以办结。';
        s.apply('close', 'closed', this.centre('supervisor'), at, {
          opinion: reason,
          patch: { closed_at: at, closure_kind: 'handled', closure_note: reason },
        });
      }
      return !s.stopped;
    }
    const result = t.result as HandlingResult;
    const satisfaction = this.rng.weighted(SATISFACTION_BY_RESULT[result]);
    const resolved: HandlingResult =
      result === 'resolved'
        ? this.rng.chance(0.95)
          ? 'resolved'
          : 'partly'
        : this.rng.chance(0.75)
          ? result
          : this.rng.pick(['resolved', 'partly', 'unresolved'] as const);
    const mood =
      satisfaction === 'dissatisfied' || satisfaction === 'very_dissatisfied'
        ? 'dissatisfied'
        : satisfaction === 'basically_satisfied'
          ? 'neutral'
          : 'satisfied';
    const note = this.rng.pick(CALLBACK_NOTES[mood]);
    s.apply('record_callback', 'closed', this.centre('agent'), at, {
      opinion: note,
      details: { reached: true, resolved, satisfaction },
      patch: {
        callback_reached: true,
        callback_result: resolved,
        satisfaction,
        callback_note: note,
        called_back_at: at,
        closed_at: at,
        closure_kind: 'handled',
      },
    });
    return !s.stopped;
  }

  /** 重办: a new round for the same unit with fresh deadlines. */
  private reopen(o: Order): boolean {
    const s = o.story;
    const t = s.t;
    const at = s.after(this.rng.real(2, 48) * HOUR);
    if (!at) return false;
    const dl = computeDeadlines(t.appeal_type as AppealType, t.urgency as Urgency, at);
    s.apply('reopen', 'in_progress', this.rng.chance(0.7) ? this.centre('supervisor') : this.centre('dispatcher'), at, {
      opinion: this.rng.pick(REOPEN_REASONS),
      details: { round: t.reopen_round + 1, previousSatisfaction: t.satisfaction, dueAt: dl.finishDueAt.toISOString() },
      patch: {
        reopen_round: t.reopen_round + 1,
        closed_at: null,
        closure_kind: null,
        closure_note: null,
        result: null,
        reply_text: null,
        replied_at: null,
        rework: true,
        extension_count: 0,
        extended_due_at: null,
        sign_due_at: dl.signDueAt,
        contact_due_at: dl.contactDueAt,
        finish_due_at: dl.finishDueAt,
        due_at: dl.finishDueAt,
        warn_at: warnAt(at, dl.finishDueAt),
        time_limit_rule: dl.rule,
      },
    });
    return !s.stopped;
  }

  /** Closed orders are archived in the monthly batch, two to six weeks later. */
  archive(s: Story, when?: Date): void {
    const at = when ? s.at(when) : s.after(this.rng.real(15, 45) * DAY);
    if (!at) return;
    s.apply('archive', 'archived', this.centre('supervisor'), at, { patch: { archived_at: at } });
  }
}
