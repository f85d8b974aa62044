/**
 * The flow records each generated order carries, by how it ended up (closure kind : state). They
 * follow the state machine's transitions, so a loaded order's history could have been made by the API.
 * `at` names the order's timestamp the step happened at; `actor` the role that did it.
 */
export interface FlowStep {
  action: string;
  from: string | null;
  to: string;
  at: 'registered' | 'submitted' | 'dispatched' | 'signed' | 'requested' | 'replied' | 'reviewed' | 'closed' | 'archived';
  actor: 'agent' | 'dispatcher' | 'handler' | 'supervisor';
}

const step = (action: string, from: string | null, to: string, at: FlowStep['at'], actor: FlowStep['actor']): FlowStep => ({
  action,
  from,
  to,
  at,
  actor,
});

const REGISTER = step('register', null, 'registered', 'registered', 'agent');
const ARCHIVE = step('archive', 'closed', 'archived', 'archived', 'supervisor');

/** register → submit → dispatch → sign → reply → accept_reply → record_callback → archive. */
const HANDLED = [
  REGISTER,
  step('submit', 'registered', 'to_dispatch', 'submitted', 'agent'),
  step('dispatch', 'to_dispatch', 'dispatched', 'dispatched', 'dispatcher'),
  step('sign', 'dispatched', 'in_progress', 'signed', 'handler'),
  step('reply', 'in_progress', 'replied', 'replied', 'handler'),
  step('accept_reply', 'replied', 'callback_pending', 'reviewed', 'dispatcher'),
  step('record_callback', 'callback_pending', 'closed', 'closed', 'agent'),
  ARCHIVE,
];

function closedAtIntake(action: string): Record<string, FlowStep[]> {
  const close = step(action, 'registered', 'closed', 'closed', 'agent');
  return { closed: [REGISTER, close], archived: [REGISTER, close, ARCHIVE] };
}

export function flowPlans(): Map<string, FlowStep[]> {
  const plans = new Map<string, FlowStep[]>();
  const states = ['registered', 'to_dispatch', 'dispatched', 'in_progress', 'replied', 'callback_pending', 'closed', 'archived'];
  states.forEach((s, i) => plans.set(`handled:${s}`, HANDLED.slice(0, i + 1)));
  plans.set(`handled:return_requested`, [
    ...HANDLED.slice(0, 4),
    step('request_return', 'in_progress', 'return_requested', 'requested', 'handler'),
  ]);
  plans.set(`handled:extension_requested`, [
    ...HANDLED.slice(0, 4),
    step('request_extension', 'in_progress', 'extension_requested', 'requested', 'handler'),
  ]);
  for (const [kind, action] of [
    ['first_contact', 'close_first_contact'],
    ['not_accepted', 'not_accept'],
    ['transferred', 'transfer'],
  ]) {
    for (const [state, steps] of Object.entries(closedAtIntake(action))) plans.set(`${kind}:${state}`, steps);
  }
  return plans;
}
