import { readFileSync } from 'fs';
import { join } from 'path';
import { COUNTERS } from './kpi-facts';
import { KPI_BY_KEY, KPI_DEFINITIONS, missesTarget, parseTargets, rateOf, scoreOf } from './kpi-definitions';

describe('KPI definitions', () => {
  it('have worked examples that add up', () => {
    for (const d of KPI_DEFINITIONS) {
      const { numerator, denominator, value } = d.example;
      if (d.kind === 'rate') expect([d.key, rateOf(numerator!, denominator!)]).toEqual([d.key, value]);
      if (d.kind === 'count') expect([d.key, numerator]).toEqual([d.key, value]);
      if (d.kind === 'score') {
        const parts = d.parts!.map((p) => KPI_BY_KEY.get(p)!.example.value);
        expect(scoreOf(parts, [30, 35, 35])).toBe(value);
      }
    }
  });

  it('read only counters the facts define, and have what their source needs', () => {
    for (const d of KPI_DEFINITIONS) {
      if (d.source === 'orders') {
        expect(d.numerator).toBeDefined();
        for (const [, c] of `${d.numerator} ${d.denominator ?? ''}`.matchAll(/r\.([a-z_]+)/g)) {
          expect(['day', 'cannot_do', ...COUNTERS]).toContain(c);
        }
      }
      if (d.source === 'calls') expect(d.calls).toBeDefined();
      if (d.source === 'derived') expect(d.parts?.every((p) => KPI_BY_KEY.has(p))).toBe(true);
      expect(d.kind === 'rate').toBe(d.denominator !== undefined || d.calls !== undefined);
    }
  });

  it('are all documented in docs/KPI.md, with their labels', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'KPI.md'), 'utf8');
    for (const d of KPI_DEFINITIONS) {
      expect([d.key, doc.includes(`\`${d.key}\``)]).toEqual([d.key, true]);
      expect([d.label, doc.includes(d.label)]).toEqual([d.label, true]);
    }
  });

  it('read targets from configuration and flag the side that misses them', () => {
    const targets = parseTargets('connectionRate:0.98,answer15Rate:0.8,onTimeCompletionRate:0.96,satisfactionRate:0.98');
    expect(targets.get('onTimeCompletionRate')).toBe(0.96);
    expect(() => parseTargets('happiness:1')).toThrow(/KPI_TARGETS/);
    expect(missesTarget(KPI_BY_KEY.get('onTimeCompletionRate')!, 0.95, 0.96)).toBe(true);
    expect(missesTarget(KPI_BY_KEY.get('repeatRate')!, 0.05, 0.03)).toBe(true);
    expect(missesTarget(KPI_BY_KEY.get('repeatRate')!, 0.02, 0.03)).toBe(false);
    expect(missesTarget(KPI_BY_KEY.get('repeatRate')!, 0.02, undefined)).toBeUndefined();
  });
});
