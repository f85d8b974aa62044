import { CALL_STATES, CALL_TRANSITIONS, CallEventInput, CallFacts, applyCallEvent, callStateReachable, newCallFacts } from './call-state';

const T0 = new Date('2026-05-11T09:00:00+08:00');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

const offered: CallEventInput = { type: 'offered', occurredAt: at(0), callerNumber: '13912345678' };
const queued: CallEventInput = { type: 'queued', occurredAt: at(2) };
const answered: CallEventInput = { type: 'answered', occurredAt: at(12), agentRef: 'agent01', agentUserId: 7 };
const abandoned: CallEventInput = { type: 'abandoned', occurredAt: at(40), callerNumber: '13912345678' };
const ended: CallEventInput = { type: 'ended', occurredAt: at(192), recordingRef: 'rec/1.wav' };

/** Applies events in order, as the service does one delivery at a time; returns the facts and each outcome. */
function run(events: CallEventInput[]) {
  let facts: CallFacts = newCallFacts(events[0].occurredAt);
  const outcomes = events.map((e) => {
    const r = applyCallEvent(facts, e);
    facts = r.facts;
    return { type: e.type, outcome: r.outcome, state: r.state, before: r.before, answeredNow: r.answeredNow };
  });
  return { facts, outcomes, state: outcomes[outcomes.length - 1].state };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('call state machine', () => {
  it('walks offered → queued → answered → ended, each step allowed by the table', () => {
    const { outcomes, facts } = run([offered, queued, answered, ended]);
    expect(outcomes.map((o) => o.state)).toEqual(['offered', 'queued', 'answered', 'ended']);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    for (const o of outcomes.slice(1)) expect(CALL_TRANSITIONS[o.before]).toContain(o.state);
    expect(facts).toMatchObject({
      waitSeconds: 12,
      talkSeconds: 180,
      agentUserId: 7,
      recordingRef: 'rec/1.wav',
      missedCallbackStatus: null,
    });
  });

  it('abandons from offered or from queued, and waits for a callback', () => {
    for (const path of [
      [offered, abandoned],
      [offered, queued, abandoned],
    ]) {
      const { state, facts } = run(path);
      expect(state).toBe('abandoned');
      expect(facts).toMatchObject({ waitSeconds: 40, missedCallbackStatus: 'pending' });
    }
  });

  it('prefers the wait the switch measured over the one worked out from the times', () => {
    const { facts } = run([offered, { ...answered, waitSeconds: 9 }, { ...ended, talkSeconds: 175 }]);
    expect(facts).toMatchObject({ waitSeconds: 9, talkSeconds: 175 });
  });

  it('treats the same fact twice as a repeat that changes nothing', () => {
    const first = run([offered, answered]);
    const again = applyCallEvent(first.facts, { ...answered, occurredAt: at(13), agentUserId: 99 });
    expect(again).toMatchObject({ outcome: 'repeat', state: 'answered', answeredNow: false });
    expect(again.facts).toBe(first.facts);
  });

  it('fills in a late event without moving the call back', () => {
    const { outcomes, facts } = run([offered, answered, queued]);
    expect(outcomes[2]).toMatchObject({ outcome: 'late', state: 'answered' });
    expect(facts.queuedAt).toEqual(at(2));
  });

  it('builds the record from an event that arrives before the offer', () => {
    const { outcomes, facts } = run([answered, offered]);
    expect(outcomes.map((o) => o.state)).toEqual(['answered', 'answered']);
    expect(outcomes[0].answeredNow).toBe(true);
    expect(facts.startedAt).toEqual(at(0));
    expect(facts.waitSeconds).toBe(12);
  });

  it('lets the first of answered and abandoned stand and reports the other as a conflict', () => {
    const a = run([offered, answered, abandoned]);
    expect(a.outcomes[2]).toMatchObject({ outcome: 'conflict', state: 'answered' });
    const b = run([offered, abandoned, answered]);
    expect(b.outcomes[2]).toMatchObject({ outcome: 'conflict', state: 'abandoned', answeredNow: false });
    expect(b.facts.agentUserId).toBeNull();
  });

  it('reaches the same end whatever order the events of a call arrive in', () => {
    for (const [events, end] of [
      [[offered, queued, answered, ended], 'ended'],
      [[offered, queued, abandoned], 'abandoned'],
      [[offered, abandoned, { ...ended, occurredAt: at(41) }], 'abandoned'],
    ] as [CallEventInput[], string][]) {
      for (const order of permutations(events)) {
        const { state, facts } = run(order);
        expect({ order: order.map((e) => e.type), state }).toEqual({ order: order.map((e) => e.type), state: end });
        expect(facts.startedAt).toEqual(at(0));
      }
    }
  });

  it('pops the screen only for the event that answered a call still on', () => {
    expect(run([offered, answered]).outcomes[1].answeredNow).toBe(true);
    // The answer arrived after the hang-up: the call is over, nobody needs a screen pop.
    expect(run([offered, ended, answered]).outcomes[2]).toMatchObject({ answeredNow: false, state: 'ended', outcome: 'late' });
  });

  it('asks for no callback when the caller withheld the number', () => {
    const { facts } = run([
      { ...offered, callerNumber: null },
      { ...abandoned, callerNumber: null },
    ]);
    expect(facts.missedCallbackStatus).toBeNull();
  });

  it('has a table where every state is reachable from offered, and abandoned and ended are final', () => {
    for (const s of CALL_STATES.filter((s) => s !== 'offered')) expect(callStateReachable('offered', s)).toBe(true);
    expect(CALL_TRANSITIONS.abandoned).toEqual([]);
    expect(CALL_TRANSITIONS.ended).toEqual([]);
    expect(callStateReachable('answered', 'abandoned')).toBe(false);
  });
});
