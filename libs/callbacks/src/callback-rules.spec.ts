import { hashToken, looksLikeToken, newToken, reopensOrder, sampledForCallback } from './callback-rules';

describe('callback rules', () => {
  it('samples first-contact closures at the configured rate, the same way every time', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => String(1000 + i));
    expect(ids.every((id) => sampledForCallback(id, 1))).toBe(true);
    expect(ids.some((id) => sampledForCallback(id, 0))).toBe(false);
    const drawn = ids.filter((id) => sampledForCallback(id, 0.1)).length;
    expect(drawn).toBeGreaterThan(320);
    expect(drawn).toBeLessThan(480);
    expect(ids.map((id) => sampledForCallback(id, 0.1))).toEqual(ids.map((id) => sampledForCallback(id, 0.1)));
  });

  it('reopens only on a first-round handled callback dissatisfied with the handling', () => {
    const base = { kind: 'handled', state: 'done', round: 0, satisfaction: 'dissatisfied', complaintAbout: 'handling' } as const;
    expect(reopensOrder(base)).toBe(true);
    expect(reopensOrder({ ...base, satisfaction: 'very_dissatisfied' })).toBe(true);
    expect(reopensOrder({ ...base, round: 1 })).toBe(false);
    expect(reopensOrder({ ...base, complaintAbout: 'policy' })).toBe(false);
    expect(reopensOrder({ ...base, satisfaction: 'basically_satisfied' })).toBe(false);
    expect(reopensOrder({ ...base, kind: 'sample' })).toBe(false);
    expect(reopensOrder({ ...base, state: 'unreached' })).toBe(false);
  });

  it('makes tokens that are hard to guess and stored only as a hash', () => {
    const a = newToken();
    expect(looksLikeToken(a)).toBe(true);
    expect(a).not.toBe(newToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
    expect(looksLikeToken('../../etc/passwd')).toBe(false);
  });
});
