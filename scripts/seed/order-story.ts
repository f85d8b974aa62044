import type { FlowAction, PendingRequest, TicketState } from '@app/tickets';
import { Rng } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** China has no daylight saving: the city's clock is UTC+8 all year. */
export const CITY_OFFSET = 8 * HOUR;

/** A ticket row, column for column (snake_case), as it will be inserted. */
export interface TicketRow {
  id: number;
  no: string;
  version: number;
  state: TicketState;
  appeal_type: string;
  urgency: string;
  channel: string;
  hotline_id: number | null;
  category_id: number | null;
  tags: string[];
  citizen_name: string | null;
  citizen_phone: string | null;
  citizen_enterprise: string | null;
  confidential: boolean;
  anonymous: boolean;
  district_id: number | null;
  street_id: number | null;
  community_id: number | null;
  address: string | null;
  longitude: string | null;
  latitude: string | null;
  title: string;
  content: string;
  lead_unit_id: number | null;
  dispatch_level: number;
  parent_id: number | null;
  merged_into_id: number | null;
  reopen_round: number;
  open_children: number;
  result: string | null;
  reply_text: string | null;
  rework: boolean;
  pending_request: PendingRequest | null;
  closure_kind: string | null;
  closure_note: string | null;
  transfer_target: string | null;
  return_count: number;
  extension_count: number;
  urge_count: number;
  supervised: boolean;
  callback_reached: boolean | null;
  callback_result: string | null;
  satisfaction: string | null;
  callback_note: string | null;
  sign_due_at: Date | null;
  contact_due_at: Date | null;
  finish_due_at: Date | null;
  extended_due_at: Date | null;
  due_at: Date | null;
  warn_at: Date | null;
  time_limit_rule: string | null;
  received_at: Date;
  registered_at: Date;
  dispatched_at: Date | null;
  signed_at: Date | null;
  first_contact_at: Date | null;
  replied_at: Date | null;
  called_back_at: Date | null;
  closed_at: Date | null;
  archived_at: Date | null;
  updated_at: Date;
  registered_by: number | null;
}

/** A new order with nothing decided yet: every column at its database default. */
export function blankTicket(id: number, no: string, receivedAt: Date): TicketRow {
  return {
    id,
    no,
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
    warn_at: null,
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
}

export interface FlowRow {
  id: number;
  ticket_id: number;
  action: FlowAction;
  from_state: TicketState | null;
  to_state: TicketState;
  actor_user_id: number | null;
  actor_unit_id: number | null;
  actor_role: string | null;
  opinion: string | null;
  details: Record<string, unknown> | null;
  created_at: Date;
  /** Generation order, to break ties between rows with the same time. Not a column. */
  seq: number;
}

export interface Actor {
  userId: number | null;
  unitId: number | null;
  role: string;
}

export interface StepEffect {
  opinion?: string | null;
  details?: Record<string, unknown> | null;
  patch?: Partial<TicketRow>;
}

/**
 * One order's life, told step by step in time. Every step goes through `apply`, which writes the
 * flow record and bumps the version the way the service does, so state, columns and flow agree.
 *
 * Time only moves forward. A natural story stops at the first step that would fall after `now`:
 * the order simply stays where it is, which is how recent orders end up open. A story with a
 * `goal` (or `squeeze`) never stops early: its steps are squeezed into the time left, ignoring office
 * hours, and it ends on reaching the goal.
 */
export class Story {
  clock: Date;
  stopped = false;

  constructor(
    readonly t: TicketRow,
    readonly flows: FlowRow[],
    private readonly now: Date,
    private readonly rng: Rng,
    readonly goal: TicketState | null = null,
    /** Squeeze steps into the time left instead of stopping: for stories that must get somewhere. */
    private readonly squeeze = goal !== null,
  ) {
    this.clock = t.received_at;
  }

  /**
   * The time of a step `ms` after the previous one, or null when the story has stopped.
   * `office`: the step is a unit's, taken in its working hours.
   */
  after(ms: number, office = false): Date | null {
    if (this.stopped) return null;
    const limit = this.now.getTime() - MINUTE;
    let at = this.clock.getTime() + Math.max(ms, 1000);
    if (office) at = this.officeHours(at);
    if (at >= limit) {
      if (!this.squeeze) {
        this.stopped = true;
        return null;
      }
      at = this.clock.getTime() + (limit - this.clock.getTime()) * this.rng.real(0.1, 0.4);
    }
    this.clock = new Date(Math.round(at));
    return this.clock;
  }

  /** The time of a step at `when` (or just after the previous step, if that is later). */
  at(when: Date, office = false): Date | null {
    return this.after(when.getTime() - this.clock.getTime(), office);
  }

  /** Moves an instant into the next working hours (Mon-Fri, 8:30-17:30 city time). */
  private officeHours(at: number): number {
    const local = at + CITY_OFFSET;
    let day = Math.floor(local / DAY);
    const hour = (local - day * DAY) / HOUR;
    const weekend = (d: number) => [0, 6].includes(new Date(d * DAY).getUTCDay());
    if (!weekend(day) && hour >= 8.5 && hour < 17.5) return at;
    if (hour >= 17.5 || weekend(day)) day += 1;
    while (weekend(day)) day += 1;
    // Most of the backlog is picked up in the morning, the rest through the day.
    const start = 8.5 + (this.rng.chance(0.6) ? this.rng.real(0, 2.5) : this.rng.real(0, 8.5));
    return day * DAY + start * HOUR - CITY_OFFSET;
  }

  apply(action: FlowAction, to: TicketState, actor: Actor, at: Date, e: StepEffect = {}): void {
    const from = this.t.state;
    this.flows.push({
      id: 0,
      ticket_id: this.t.id,
      action,
      from_state: action === 'register' || (action === 'sub_dispatch' && this.t.version === 0) ? null : from,
      to_state: to,
      actor_user_id: actor.userId,
      actor_unit_id: actor.unitId,
      actor_role: actor.role,
      opinion: e.opinion ?? null,
      details: e.details ?? null,
      created_at: at,
      seq: this.flows.length,
    });
    Object.assign(this.t, e.patch ?? {});
    this.t.state = to;
    this.t.version += 1;
    this.t.updated_at = at;
    if (this.goal && to === this.goal) this.stopped = true;
  }

  /** Steps that leave the state as it is (urge, supervise, record_contact, child_closed). */
  note(action: FlowAction, actor: Actor, at: Date, e: StepEffect = {}): void {
    this.apply(action, this.t.state, actor, at, e);
  }
}
