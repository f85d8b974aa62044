import { TICKET_STATES, TicketState } from '../ticket.types';
import { TICKET_ACTIONS } from './ticket-actions';
import { Actor, TRANSITIONS, TicketFacts, allowedActions, decide } from './ticket-state-machine';

const facts = (over: Partial<TicketFacts> = {}): TicketFacts => ({
  state: 'registered',
  appealType: 'complaint',
  parentId: null,
  openChildren: 0,
  pendingRequestedBy: null,
  resumeState: null,
  closureKind: null,
  leadUnitId: 7,
  inspected: false,
  ...over,
});
const actor = (role: Actor['role'], over: Partial<Actor> = {}): Actor => ({
  userId: 1,
  role,
  holdsOrder: false,
  holdsParent: false,
  ...over,
});
const handler = actor('handler', { userId: 5, holdsOrder: true });

describe('ticket state machine', () => {
  it('has exactly one transition per action, and every action has one', () => {
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...TICKET_ACTIONS].sort());
  });

  it('only names known states', () => {
    for (const t of TRANSITIONS) for (const s of t.from) expect(TICKET_STATES).toContain(s);
  });

  it('walks the main path from registration to archive', () => {
    const steps: [TicketState, string, Actor, TicketState][] = [
      ['registered', 'submit', actor('agent'), 'to_dispatch'],
      ['to_dispatch', 'dispatch', actor('dispatcher'), 'dispatched'],
      ['dispatched', 'sign', handler, 'in_progress'],
      ['in_progress', 'reply', handler, 'replied'],
      ['replied', 'accept_reply', actor('supervisor'), 'callback_pending'],
      ['callback_pending', 'record_callback', actor('agent'), 'closed'],
      ['closed', 'archive', actor('supervisor'), 'archived'],
    ];
    for (const [from, action, who, to] of steps) {
      const d = decide(facts({ state: from }), action as never, who);
      expect(d).toMatchObject({ ok: true, next: to });
    }
  });

  it.each([
    ['close_first_contact', 'closed'],
    ['not_accept', 'closed'],
    ['transfer', 'closed'],
    ['merge', 'merged'],
  ])('lets an agent %s a registered order (→ %s)', (action, to) => {
    expect(decide(facts(), action as never, actor('agent'))).toMatchObject({ ok: true, next: to });
  });

  it('sends 办不成事 orders to review before dispatch', () => {
    expect(decide(facts({ appealType: 'cannot_do' }), 'submit', actor('agent'))).toMatchObject({ ok: true, next: 'pending_review' });
    expect(decide(facts({ state: 'pending_review' }), 'confirm', actor('dispatcher'))).toMatchObject({ ok: true, next: 'to_dispatch' });
    expect(decide(facts({ state: 'pending_review' }), 'confirm', actor('agent'))).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses an action the state does not allow with 409 and the actions allowed now', () => {
    const d = decide(facts({ state: 'registered' }), 'sign', handler);
    expect(d).toMatchObject({ ok: false, status: 409, code: 'TICKET.INVALID_TRANSITION' });
    const agentNow = decide(facts({ state: 'registered' }), 'reply', actor('agent'));
    expect(agentNow.ok === false && agentNow.allowed).toEqual([
      'message',
      'amend',
      'close_first_contact',
      'not_accept',
      'transfer',
      'merge',
      'submit',
    ]);
  });

  it('refuses a role that may not take an allowed action with 403', () => {
    expect(decide(facts({ state: 'to_dispatch' }), 'dispatch', actor('agent'))).toMatchObject({
      ok: false,
      status: 403,
      code: 'TICKET.ROLE_NOT_ALLOWED',
    });
    expect(decide(facts({ state: 'dispatched' }), 'sign', actor('handler', { holdsOrder: false }))).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('keeps returns and extensions on their own paths', () => {
    expect(decide(facts({ state: 'dispatched' }), 'request_return', handler)).toMatchObject({ ok: true, next: 'return_requested' });
    expect(decide(facts({ state: 'return_requested' }), 'approve_return', actor('dispatcher'))).toMatchObject({
      ok: true,
      next: 'to_dispatch',
    });
    expect(decide(facts({ state: 'return_requested' }), 'refuse_return', actor('dispatcher'))).toMatchObject({
      ok: true,
      next: 'in_progress',
    });
    expect(decide(facts({ state: 'in_progress' }), 'request_extension', handler)).toMatchObject({ ok: true, next: 'extension_requested' });
    expect(decide(facts({ state: 'extension_requested' }), 'approve_extension', actor('supervisor'))).toMatchObject({
      ok: true,
      next: 'in_progress',
    });
    expect(decide(facts({ state: 'extension_requested' }), 'reply', handler)).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses approving one’s own request', () => {
    const d = decide(facts({ state: 'return_requested', pendingRequestedBy: 3 }), 'approve_return', actor('dispatcher', { userId: 3 }));
    expect(d).toMatchObject({ ok: false, status: 409, code: 'TICKET.SELF_APPROVAL' });
    expect(allowedActions(facts({ state: 'return_requested', pendingRequestedBy: 3 }), actor('dispatcher', { userId: 3 }))).not.toContain(
      'approve_return',
    );
  });

  it('refuses a reply while sub-dispatched children are open', () => {
    expect(decide(facts({ state: 'in_progress', openChildren: 2 }), 'reply', handler)).toMatchObject({
      ok: false,
      code: 'TICKET.OPEN_CHILDREN',
    });
  });

  it('closes an accepted child order, and lets the unit above review it', () => {
    const child = facts({ state: 'replied', parentId: '9' });
    expect(decide(child, 'accept_reply', actor('handler', { holdsParent: true }))).toMatchObject({ ok: true, next: 'closed' });
    expect(decide(child, 'accept_reply', actor('handler', { holdsParent: false, holdsOrder: true }))).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(decide(facts({ state: 'replied' }), 'accept_reply', actor('handler', { holdsParent: true }))).toMatchObject({
      ok: false,
      code: 'TICKET.REVIEW_BY_CENTRE',
    });
    expect(decide(child, 'request_return', actor('handler', { holdsOrder: true }))).toMatchObject({ ok: false, status: 409 });
  });

  it('reopens only orders a unit handled', () => {
    expect(decide(facts({ state: 'closed', closureKind: 'handled' }), 'reopen', actor('supervisor'))).toMatchObject({
      ok: true,
      next: 'in_progress',
    });
    expect(decide(facts({ state: 'closed', closureKind: 'first_contact' }), 'reopen', actor('supervisor'))).toMatchObject({
      ok: false,
      code: 'TICKET.NOT_REOPENABLE',
    });
  });

  it('treats urging and supervision as flags that keep the state', () => {
    for (const s of ['dispatched', 'in_progress', 'replied'] as TicketState[]) {
      expect(decide(facts({ state: s }), 'urge', actor('supervisor'))).toMatchObject({ ok: true, next: s });
      expect(decide(facts({ state: s }), 'supervise', actor('manager'))).toMatchObject({ ok: true, next: s });
    }
    expect(decide(facts({ state: 'closed' }), 'urge', actor('supervisor'))).toMatchObject({ ok: false, status: 409 });
  });

  it('lets nothing happen to an archived order', () => {
    for (const role of ['agent', 'dispatcher', 'handler', 'supervisor', 'manager', 'admin'] as const) {
      expect(allowedActions(facts({ state: 'archived' }), actor(role, { holdsOrder: true, holdsParent: true }))).toEqual([]);
    }
  });
});
