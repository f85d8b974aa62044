/**
 * The call's lifecycle as the switch reports it. Each CTI event is named after the state it reports:
 *
 *   offered ─→ queued ─→ answered ─→ ended
 *      │          │
 *      └──────────┴─→ abandoned
 *
 * Switches deliver events late, twice and out of order (a retry overtakes, a buffer flushes after an
 * outage). So the state is not stepped event by event: every event records its own fact (its time and
 * data) once, and the state is derived from the facts seen so far. A late event fills in its fact and
 * never moves the call back; the same fact twice is a repeat; answered and abandoned exclude each other
 * (the first one recorded stands, the other is a conflict, kept in call_event for audit).
 */
export const CALL_STATES = ['offered', 'queued', 'answered', 'abandoned', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];
export type CallEventType = CallState;

export const CALL_STATE_LABELS: Record<CallState, string> = {
  offered: '呼入',
  queued: '排队',
  answered: '通话中',
  abandoned: '放弃（漏接）',
  ended: '已结束',
};

/** The order a switch reports a call in; any other path is a late or conflicting event. */
export const CALL_TRANSITIONS: Record<CallState, readonly CallState[]> = {
  offered: ['queued', 'answered', 'abandoned'],
  queued: ['answered', 'abandoned'],
  answered: ['ended'],
  abandoned: [],
  ended: [],
};

/** What an event did: recorded a new fact (moving the state, or filling in behind it), nothing, or nothing because it contradicts. */
export type CallEventOutcome = 'applied' | 'late' | 'repeat' | 'conflict';

export interface CallFacts {
  startedAt: Date;
  offeredAt: Date | null;
  queuedAt: Date | null;
  answeredAt: Date | null;
  abandonedAt: Date | null;
  endedAt: Date | null;
  callerNumber: string | null;
  agentRef: string | null;
  agentUserId: number | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  recordingRef: string | null;
  missedCallbackStatus: string | null;
}

export interface CallEventInput {
  type: CallEventType;
  occurredAt: Date;
  callerNumber?: string | null;
  agentRef?: string | null;
  agentUserId?: number | null;
  waitSeconds?: number | null;
  talkSeconds?: number | null;
  recordingRef?: string | null;
}

export interface AppliedCallEvent {
  outcome: CallEventOutcome;
  facts: CallFacts;
  before: CallState;
  state: CallState;
  /** This event is the one that told us an agent answered, and the call is still on: the moment for the screen pop. */
  answeredNow: boolean;
}

const TIME_OF: Record<CallEventType, keyof CallFacts> = {
  offered: 'offeredAt',
  queued: 'queuedAt',
  answered: 'answeredAt',
  abandoned: 'abandonedAt',
  ended: 'endedAt',
};

/** Whether `to` can follow `from` in the table (directly or through other states). */
export function callStateReachable(from: CallState, to: CallState): boolean {
  const seen = new Set<CallState>();
  const walk = (s: CallState): boolean => CALL_TRANSITIONS[s].some((n) => n === to || (!seen.has(n) && (seen.add(n), walk(n))));
  return walk(from);
}

/**
 * The state the facts amount to. An `ended` without a known answer is provisional: the answer may still
 * be on its way, or the switch reports the hang-up of an abandoned call.
 */
export function deriveCallState(f: Pick<CallFacts, 'queuedAt' | 'answeredAt' | 'abandonedAt' | 'endedAt'>): CallState {
  if (f.answeredAt) return f.endedAt ? 'ended' : 'answered';
  if (f.abandonedAt) return 'abandoned';
  if (f.endedAt) return 'ended';
  if (f.queuedAt) return 'queued';
  return 'offered';
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/** A fresh call, before its first event is applied. */
export function newCallFacts(at: Date): CallFacts {
  return {
    startedAt: at,
    offeredAt: null,
    queuedAt: null,
    answeredAt: null,
    abandonedAt: null,
    endedAt: null,
    callerNumber: null,
    agentRef: null,
    agentUserId: null,
    waitSeconds: null,
    talkSeconds: null,
    recordingRef: null,
    missedCallbackStatus: null,
  };
}

/** Applies one event to what is known of the call. Pure: the caller stores the result. */
export function applyCallEvent(current: CallFacts, e: CallEventInput): AppliedCallEvent {
  const before = deriveCallState(current);
  const unchanged = (outcome: CallEventOutcome): AppliedCallEvent => ({
    outcome,
    facts: current,
    before,
    state: before,
    answeredNow: false,
  });
  if (current[TIME_OF[e.type]] !== null) return unchanged('repeat');
  if ((e.type === 'answered' && current.abandonedAt) || (e.type === 'abandoned' && current.answeredAt)) return unchanged('conflict');

  const f: CallFacts = { ...current, [TIME_OF[e.type]]: e.occurredAt };
  f.callerNumber = current.callerNumber ?? e.callerNumber ?? null;
  if (e.type === 'answered') {
    f.agentRef = e.agentRef ?? null;
    f.agentUserId = e.agentUserId ?? null;
  }
  if ((e.type === 'answered' || e.type === 'abandoned') && e.waitSeconds !== undefined && e.waitSeconds !== null)
    f.waitSeconds = e.waitSeconds;
  if (e.type === 'ended') {
    if (e.talkSeconds !== undefined && e.talkSeconds !== null) f.talkSeconds = e.talkSeconds;
    f.recordingRef = e.recordingRef ?? current.recordingRef;
  }
  // What the switch did not say is worked out from the times, once both ends are known.
  const waitEnd = f.answeredAt ?? f.abandonedAt;
  if (f.waitSeconds === null && f.offeredAt && waitEnd) f.waitSeconds = seconds(f.offeredAt, waitEnd);
  if (f.talkSeconds === null && f.answeredAt && f.endedAt) f.talkSeconds = seconds(f.answeredAt, f.endedAt);
  f.startedAt = f.offeredAt ?? (e.occurredAt < current.startedAt ? e.occurredAt : current.startedAt);

  const state = deriveCallState(f);
  // A missed call (漏接) waits for a callback once we know whom to call.
  if (state === 'abandoned' && f.callerNumber && f.missedCallbackStatus === null) f.missedCallbackStatus = 'pending';
  const moved = state !== before || (before === 'offered' && e.type === 'offered');
  return { outcome: moved ? 'applied' : 'late', facts: f, before, state, answeredNow: e.type === 'answered' && state === 'answered' };
}
