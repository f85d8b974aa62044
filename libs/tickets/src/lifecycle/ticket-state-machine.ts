import { Role } from '@app/identity';
import { TicketState } from '../ticket.types';
import { TicketAction } from './ticket-actions';

/** What the machine needs to know about an order to decide. */
export interface TicketFacts {
  state: TicketState;
  appealType: string;
  parentId: string | null;
  openChildren: number;
  pendingRequestedBy: number | null;
  resumeState: TicketState | null;
  closureKind: string | null;
  leadUnitId: number | null;
  /** 办不成事 orders must have been inspected (监督检查) before they close. */
  inspected: boolean;
}

/** Who is acting, and on which side of the order they stand. */
export interface Actor {
  userId: number | null;
  role: Role | 'system';
  /** True when the actor's unit holds the order (lead unit or above it); false for centre staff acting as the centre. */
  holdsOrder: boolean;
  /** True when the actor's unit holds the parent of a sub-dispatched order. */
  holdsParent: boolean;
  /** True when the actor's unit is one of the order's co-handling units (协办). */
  holdsCoUnit?: boolean;
}

/** Input fields an action cannot go without. Checked before anything is written. */
export type RequiredField =
  | 'partReply'
  | 'findings'
  | 'reason'
  | 'opinion'
  | 'leadUnitId'
  | 'unitId'
  | 'newDueAt'
  | 'parent'
  | 'target'
  | 'result'
  | 'replyText'
  | 'reached'
  | 'answer';

type Guard = (t: TicketFacts, a: Actor) => { code: string; message: string } | null;

export interface Transition {
  action: TicketAction;
  from: readonly TicketState[];
  /** The state after the action; a function where it depends on the order. */
  to: TicketState | ((t: TicketFacts) => TicketState);
  roles: readonly (Role | 'system')[];
  /** Handlers act only on orders their unit holds; 'parent': the unit holding the parent order; 'co': a co-handling unit. */
  unitSide?: 'holder' | 'parent' | 'co';
  requires: readonly RequiredField[];
  guard?: Guard;
}

const CENTRE_INTAKE: readonly Role[] = ['agent', 'dispatcher', 'supervisor'];
const REVIEWERS: readonly Role[] = ['dispatcher', 'supervisor'];
const OPEN_STATES: readonly TicketState[] = [
  'registered',
  'pending_review',
  'to_dispatch',
  'dispatched',
  'return_requested',
  'in_progress',
  'extension_requested',
  'replied',
  'callback_pending',
];

const inspectedIfCannotDo: Guard = (t) =>
  t.appealType === 'cannot_do' && !t.inspected
    ? { code: 'TICKET.INSPECTION_REQUIRED', message: '办不成事工单须经监督检查后才能办结' }
    : null;

const notOwnRequest: Guard = (t, a) =>
  t.pendingRequestedBy !== null && t.pendingRequestedBy === a.userId
    ? { code: 'TICKET.SELF_APPROVAL', message: '不能审批自己提出的申请' }
    : null;

/**
 * The whole lifecycle of a work order. Services ask this table what may happen; they never
 * re-implement it. Reading top to bottom follows an order from registration to archive.
 */
export const TRANSITIONS: readonly Transition[] = [
  // --- at registration: the agent completes what the channel could not fill in, then decides ---
  // A message to the citizen through the channel they used (WeChat, SMS): the response the channel's duty asks for.
  { action: 'message', from: OPEN_STATES, to: (t) => t.state, roles: CENTRE_INTAKE, requires: ['opinion'] },
  { action: 'amend', from: ['registered', 'pending_review', 'to_dispatch'], to: (t) => t.state, roles: CENTRE_INTAKE, requires: [] },
  { action: 'close_first_contact', from: ['registered'], to: 'closed', roles: CENTRE_INTAKE, requires: ['answer'] },
  // A reason, or an out-of-scope kind whose path becomes the answer (checked by the service).
  { action: 'not_accept', from: ['registered', 'pending_review'], to: 'closed', roles: CENTRE_INTAKE, requires: [] },
  { action: 'transfer', from: ['registered'], to: 'closed', roles: CENTRE_INTAKE, requires: ['target'] },
  { action: 'merge', from: ['registered', 'to_dispatch', 'pending_review'], to: 'merged', roles: CENTRE_INTAKE, requires: ['parent'] },
  {
    action: 'submit',
    from: ['registered'],
    roles: CENTRE_INTAKE,
    requires: [],
    // 办不成事 orders get a review-and-confirm step before dispatch.
    to: (t) => (t.appealType === 'cannot_do' ? 'pending_review' : 'to_dispatch'),
  },
  { action: 'confirm', from: ['pending_review'], to: 'to_dispatch', roles: REVIEWERS, requires: [] },

  // --- dispatch and the unit's handling ---
  { action: 'dispatch', from: ['to_dispatch'], to: 'dispatched', roles: ['dispatcher', 'system'], requires: ['leadUnitId'] },
  { action: 'sign', from: ['dispatched'], to: 'in_progress', roles: ['handler'], unitSide: 'holder', requires: [] },
  { action: 'record_contact', from: ['in_progress'], to: 'in_progress', roles: ['handler'], unitSide: 'holder', requires: [] },
  {
    action: 'request_return',
    from: ['dispatched', 'in_progress'],
    to: 'return_requested',
    roles: ['handler'],
    unitSide: 'holder',
    requires: ['reason'],
    guard: (t) => (t.parentId ? { code: 'TICKET.CHILD_NOT_RETURNABLE', message: '下派工单请直接与上级单位沟通，不能退单' } : null),
  },
  { action: 'approve_return', from: ['return_requested'], to: 'to_dispatch', roles: REVIEWERS, requires: [], guard: notOwnRequest },
  { action: 'refuse_return', from: ['return_requested'], to: 'in_progress', roles: REVIEWERS, requires: ['opinion'], guard: notOwnRequest },
  {
    action: 'request_extension',
    from: ['in_progress'],
    to: 'extension_requested',
    roles: ['handler'],
    unitSide: 'holder',
    requires: ['reason', 'newDueAt'],
  },
  { action: 'approve_extension', from: ['extension_requested'], to: 'in_progress', roles: REVIEWERS, requires: [], guard: notOwnRequest },
  {
    action: 'refuse_extension',
    from: ['extension_requested'],
    to: 'in_progress',
    roles: REVIEWERS,
    requires: ['opinion'],
    guard: notOwnRequest,
  },
  { action: 'sub_dispatch', from: ['in_progress'], to: 'in_progress', roles: ['handler'], unitSide: 'holder', requires: ['unitId'] },
  {
    action: 'reply',
    from: ['in_progress'],
    to: 'replied',
    roles: ['handler'],
    unitSide: 'holder',
    requires: ['result', 'replyText'],
    guard: (t) =>
      t.openChildren > 0 ? { code: 'TICKET.OPEN_CHILDREN', message: `还有 ${t.openChildren} 个下派工单未办结，不能回复` } : null,
  },

  // --- review of the reply: by the centre, or for a sub-dispatched order by the unit above ---
  {
    action: 'accept_reply',
    from: ['replied'],
    roles: [...REVIEWERS, 'handler'],
    unitSide: 'parent',
    requires: [],
    to: (t) => (t.parentId ? 'closed' : 'callback_pending'),
    guard: (t, a) =>
      a.role === 'handler' && !t.parentId ? { code: 'TICKET.REVIEW_BY_CENTRE', message: '该工单的回复须由热线中心审核' } : null,
  },
  {
    action: 'send_back',
    from: ['replied'],
    to: 'in_progress',
    roles: [...REVIEWERS, 'handler'],
    unitSide: 'parent',
    requires: ['opinion'],
    guard: (t, a) =>
      a.role === 'handler' && !t.parentId ? { code: 'TICKET.REVIEW_BY_CENTRE', message: '该工单的回复须由热线中心审核' } : null,
  },

  // --- callback, closing, reopening, archive ---
  {
    action: 'inspect',
    from: ['replied', 'callback_pending'],
    to: (t) => t.state,
    roles: ['supervisor'],
    requires: ['findings'],
    guard: (t) =>
      t.appealType !== 'cannot_do' ? { code: 'TICKET.INSPECTION_NOT_APPLICABLE', message: '只有办不成事工单需要监督检查' } : null,
  },
  {
    action: 'record_callback',
    from: ['callback_pending'],
    to: 'closed',
    roles: ['agent', 'supervisor', 'system'],
    requires: ['reached'],
    guard: inspectedIfCannotDo,
  },
  { action: 'close', from: ['callback_pending'], to: 'closed', roles: ['supervisor'], requires: ['reason'], guard: inspectedIfCannotDo },
  {
    action: 'reopen',
    from: ['closed'],
    to: 'in_progress',
    roles: ['supervisor', 'dispatcher', 'system'],
    requires: ['reason'],
    guard: (t) =>
      t.closureKind !== 'handled' || t.leadUnitId === null || t.parentId
        ? { code: 'TICKET.NOT_REOPENABLE', message: '只有经承办单位办理并已回访的工单可以重办' }
        : null,
  },
  { action: 'archive', from: ['closed', 'merged'], to: 'archived', roles: ['supervisor', 'admin', 'system'], requires: [] },

  // --- flags with their own records, not states ---
  {
    action: 'urge',
    from: ['dispatched', 'in_progress', 'return_requested', 'extension_requested', 'replied'],
    to: (t) => t.state,
    roles: ['supervisor', 'dispatcher', 'manager'],
    requires: ['opinion'],
  },
  {
    action: 'supervise',
    from: ['dispatched', 'in_progress', 'return_requested', 'extension_requested', 'replied'],
    to: (t) => t.state,
    roles: ['supervisor', 'manager'],
    requires: ['reason'],
  },
  {
    action: 'co_reply',
    from: ['dispatched', 'in_progress', 'extension_requested', 'return_requested'],
    to: (t) => t.state,
    roles: ['handler'],
    unitSide: 'co',
    requires: ['partReply'],
  },
];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

export type Decision =
  | { ok: true; transition: Transition; next: TicketState }
  | { ok: false; status: 403 | 409 | 422; code: string; message: string; allowed: TicketAction[] };

export function transitionFor(action: TicketAction): Transition {
  const t = BY_ACTION.get(action);
  if (!t) throw new Error(`No transition for ${action}`);
  return t;
}

function roleMayAct(t: Transition, facts: TicketFacts, actor: Actor): boolean {
  if (!t.roles.includes(actor.role)) return false;
  if (actor.role !== 'handler') return true;
  if (t.unitSide === 'co') return actor.holdsCoUnit === true;
  return t.unitSide === 'parent' ? actor.holdsParent : actor.holdsOrder;
}

/** The actions this actor could take on this order now, in table order. */
export function allowedActions(facts: TicketFacts, actor: Actor): TicketAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(facts.state) && roleMayAct(t, facts, actor) && !t.guard?.(facts, actor)).map(
    (t) => t.action,
  );
}

/**
 * Decides whether `action` may happen. An action the state does not allow is a conflict (409)
 * listing what is allowed now; an action the state allows but this role may not take is 403;
 * a business rule (guard) that refuses is 409 with its own code.
 */
export function decide(facts: TicketFacts, action: TicketAction, actor: Actor): Decision {
  const transition = transitionFor(action);
  const allowed = allowedActions(facts, actor);
  if (!transition.from.includes(facts.state)) {
    return { ok: false, status: 409, code: 'TICKET.INVALID_TRANSITION', message: `工单当前状态不允许此操作`, allowed };
  }
  if (!roleMayAct(transition, facts, actor)) {
    return { ok: false, status: 403, code: 'TICKET.ROLE_NOT_ALLOWED', message: '您的角色或单位无权执行此操作', allowed };
  }
  const refusal = transition.guard?.(facts, actor);
  if (refusal) return { ok: false, status: 409, ...refusal, allowed };
  const next = typeof transition.to === 'function' ? transition.to(facts) : transition.to;
  return { ok: true, transition, next };
}

export function isOpen(state: TicketState): boolean {
  return OPEN_STATES.includes(state);
}
