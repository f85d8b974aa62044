import { CityCalendar } from './city-calendar';
import { COUNTERS, Counter, FlowInput, OrderInput, decodeFacts, diffFacts, encodeFacts, orderFacts, parseFactKey } from './kpi-facts';

const cal = new CityCalendar('Asia/Shanghai');
const at = (s: string) => new Date(s);

function order(over: Partial<OrderInput> = {}): OrderInput {
  return {
    id: '1',
    parentId: null,
    mergedIntoId: null,
    mergedParentUnitId: null,
    leadUnitId: 7,
    districtId: 2,
    streetId: 3,
    categoryId: 9,
    channel: 'phone',
    hotlineId: 1,
    appealType: 'complaint',
    state: 'in_progress',
    closureKind: null,
    receivedAt: at('2025-03-03T02:00:00Z'),
    dispatchedAt: null,
    signedAt: null,
    signDueAt: null,
    firstContactAt: null,
    contactDueAt: null,
    reopenRound: 0,
    supervised: false,
    inspectedAt: null,
    flows: [],
    callbacks: [],
    ...over,
  };
}

const flow = (action: string, when: string, extra: Partial<FlowInput> = {}): FlowInput => ({
  action,
  at: at(when),
  dueAt: null,
  newDueAt: null,
  leadUnitId: null,
  ...extra,
});

/** The facts as { 'day unit': { counter: n } }, for readable expectations. */
function readable(o: OrderInput): Record<string, Partial<Record<Counter, number>>> {
  const out: Record<string, Partial<Record<Counter, number>>> = {};
  for (const [key, row] of orderFacts(o, cal)) {
    const k = parseFactKey(key);
    const counts: Partial<Record<Counter, number>> = {};
    row.forEach((n, i) => n && (counts[COUNTERS[i]] = n));
    out[`${k.day} u${k.unitId}`] = counts;
  }
  return out;
}

describe('orderFacts', () => {
  it('attributes an order to the city date it was received, not the UTC one', () => {
    // 2025-01-31T16:30Z is 00:30 on 1 February in Shanghai.
    expect(Object.keys(readable(order({ receivedAt: at('2025-01-31T16:30:00Z'), leadUnitId: null })))).toEqual(['2025-02-01 u0']);
  });

  it('counts a first-contact closure as accepted and closed, with no handling round', () => {
    const f = readable(order({ leadUnitId: null, state: 'closed', closureKind: 'first_contact' }));
    expect(f).toEqual({ '2025-03-03 u0': { received: 1, accepted: 1, first_contact: 1, closed: 1 } });
  });

  it('leaves refused, transferred and merged orders out of "accepted"; a duplicate follows its parent’s unit', () => {
    expect(readable(order({ leadUnitId: null, state: 'closed', closureKind: 'not_accepted' }))).toEqual({
      '2025-03-03 u0': { received: 1 },
    });
    expect(readable(order({ leadUnitId: null, state: 'closed', closureKind: 'transferred' }))).toEqual({
      '2025-03-03 u0': { received: 1 },
    });
    expect(readable(order({ leadUnitId: null, state: 'merged', mergedIntoId: '5', mergedParentUnitId: 7 }))).toEqual({
      '2025-03-03 u7': { received: 1, merged: 1 },
    });
  });

  it('counts nothing for a sub-dispatched child: the top order is counted', () => {
    expect(orderFacts(order({ parentId: '5' }), cal).size).toBe(0);
  });

  it('judges a round by its deadline in force: an approved extension counts, a reply after it is late', () => {
    const dispatched = flow('dispatch', '2025-03-03T03:00:00Z', { leadUnitId: 7, dueAt: at('2025-03-10T09:00:00Z') });
    const extended = flow('approve_extension', '2025-03-09T01:00:00Z', { newDueAt: at('2025-03-14T09:00:00Z') });
    const onTime = readable(order({ flows: [dispatched, extended, flow('reply', '2025-03-12T01:00:00Z')] }));
    expect(onTime['2025-03-14 u7']).toEqual({ due_ok: 1 });
    const late = readable(order({ flows: [dispatched, flow('reply', '2025-03-12T01:00:00Z')] }));
    expect(late['2025-03-10 u7']).toEqual({ due_late: 1 });
  });

  it('keeps a round open when its reply was sent back, and drops a round whose return was approved', () => {
    const d1 = flow('dispatch', '2025-03-03T03:00:00Z', { leadUnitId: 7, dueAt: at('2025-03-10T09:00:00Z') });
    const sentBack = readable(order({ flows: [d1, flow('reply', '2025-03-05T01:00:00Z'), flow('send_back', '2025-03-05T02:00:00Z')] }));
    expect(sentBack['2025-03-10 u7']).toEqual({ due_open: 1 });
    const moved = readable(
      order({
        leadUnitId: 8,
        flows: [
          d1,
          flow('approve_return', '2025-03-04T01:00:00Z'),
          flow('dispatch', '2025-03-04T02:00:00Z', { leadUnitId: 8, dueAt: at('2025-03-11T09:00:00Z') }),
        ],
      }),
    );
    expect(moved['2025-03-10 u7']).toBeUndefined();
    expect(moved['2025-03-11 u8']).toEqual({ due_open: 1 });
    expect(moved['2025-03-03 u8']).toEqual({ received: 1, accepted: 1 });
  });

  it('gives each reopen round its own deadline, for the same unit', () => {
    const f = readable(
      order({
        reopenRound: 1,
        flows: [
          flow('dispatch', '2025-03-03T03:00:00Z', { leadUnitId: 7, dueAt: at('2025-03-10T09:00:00Z') }),
          flow('reply', '2025-03-07T01:00:00Z'),
          flow('reopen', '2025-03-20T01:00:00Z', { dueAt: at('2025-03-27T09:00:00Z') }),
          flow('urge', '2025-03-26T01:00:00Z'),
          flow('reply', '2025-03-28T01:00:00Z'),
        ],
      }),
    );
    expect(f['2025-03-10 u7']).toEqual({ due_ok: 1 });
    expect(f['2025-03-27 u7']).toEqual({ due_late: 1 });
    expect(f['2025-03-26 u7']).toEqual({ urges: 1 });
  });

  it('judges sign and response on the dispatch in force, and leaves reopened orders out (their sign deadline was rewritten)', () => {
    const base = {
      dispatchedAt: at('2025-03-03T03:00:00Z'),
      signDueAt: at('2025-03-04T03:00:00Z'),
      contactDueAt: at('2025-03-04T03:00:00Z'),
      signedAt: at('2025-03-03T05:00:00Z'),
    };
    expect(readable(order({ ...base, firstContactAt: at('2025-03-05T00:00:00Z') }))['2025-03-03 u7']).toMatchObject({
      dispatched: 1,
      signed_on_time: 1,
    });
    expect(readable(order({ ...base, firstContactAt: at('2025-03-03T06:00:00Z') }))['2025-03-03 u7']).toMatchObject({
      responded_on_time: 1,
    });
    expect(readable(order({ ...base, reopenRound: 1 }))['2025-03-03 u7']).not.toHaveProperty('dispatched');
  });

  it('counts callbacks by due date for the rated unit: unreached ones and refusals are not ratings, cancelled ones nothing', () => {
    const cb = (over: Partial<OrderInput['callbacks'][number]>) => ({
      state: 'done',
      reached: true,
      refused: false,
      resolved: 'resolved',
      satisfaction: 'basically_satisfied',
      unitId: 7,
      dueAt: at('2025-03-20T01:00:00Z'),
      ...over,
    });
    const f = readable(
      order({
        callbacks: [
          cb({}),
          cb({ state: 'unreached', reached: false, resolved: null, satisfaction: null }),
          cb({ refused: true, resolved: null, satisfaction: null }),
          cb({ satisfaction: 'dissatisfied', resolved: 'unresolved' }),
          cb({ state: 'pending', reached: null, resolved: null, satisfaction: null }),
          cb({ state: 'cancelled' }),
        ],
      }),
    );
    expect(f['2025-03-20 u7']).toEqual({
      cb_reached: 3,
      cb_unreached: 1,
      cb_open: 1,
      res_rated: 2,
      res_resolved: 1,
      sat_rated: 2,
      sat_satisfied: 1,
    });
  });

  it('stores facts compactly and subtracts exactly', () => {
    const a = orderFacts(order({ leadUnitId: null, state: 'closed', closureKind: 'first_contact' }), cal);
    const b = orderFacts(order({ leadUnitId: null }), cal);
    expect(decodeFacts(encodeFacts(a))).toEqual(a);
    const [[key, delta]] = [...diffFacts(a, b)];
    expect(parseFactKey(key)).toMatchObject({ day: '2025-03-03', unitId: 0, channel: 'phone', cannotDo: false });
    expect(delta.filter((n) => n !== 0)).toEqual([-1, -1]);
    expect(diffFacts(a, a).size).toBe(0);
  });
});
