import { DomainError } from '@app/common';
import { periodRequestOf } from '../jobs/report-generator';
import { REPORT_GRAINS, reportGrainFor } from '../rollup/report-grains';
import { asOf, monthsOf, resolveReportPeriod } from './report-period';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { status: (e as DomainError).status, code: (e as DomainError).code };
  }
  return null;
};

describe('report periods', () => {
  it('compares a year with the year before, both ways', () => {
    expect(resolveReportPeriod({ kind: 'year', year: 2025 }, '2026-03-01')).toEqual({
      kind: 'year',
      from: '2025-01-01',
      to: '2026-01-01',
      label: '2025年',
      previous: { from: '2024-01-01', to: '2025-01-01', label: '2024年' },
      samePeriodLastYear: { from: '2024-01-01', to: '2025-01-01', label: '2024年' },
    });
  });

  it('takes the period before across a year boundary: the first quarter follows last year’s fourth', () => {
    const q1 = resolveReportPeriod({ kind: 'quarter', year: 2025, index: 1 }, '2026-01-01');
    expect([q1.label, q1.from, q1.to]).toEqual(['2025年第一季度', '2025-01-01', '2025-04-01']);
    expect(q1.previous).toEqual({ from: '2024-10-01', to: '2025-01-01', label: '2024年第四季度' });
    expect(q1.samePeriodLastYear).toEqual({ from: '2024-01-01', to: '2024-04-01', label: '2024年第一季度' });
    const jan = resolveReportPeriod({ kind: 'month', year: 2025, index: 1 }, '2026-01-01');
    expect(jan.previous.label).toBe('2024年12月');
    const h2 = resolveReportPeriod({ kind: 'half', year: 2025, index: 2 }, '2026-01-01');
    expect([h2.label, h2.from, h2.to, h2.previous.label]).toEqual(['2025年下半年', '2025-07-01', '2026-01-01', '2025年上半年']);
  });

  it('allows a period that has started (counted up to today) and refuses one that has not', () => {
    expect(resolveReportPeriod({ kind: 'month', year: 2026, index: 11 }, '2026-11-22').to).toBe('2026-12-01');
    expect(refusal(() => resolveReportPeriod({ kind: 'month', year: 2026, index: 12 }, '2026-11-22'))).toEqual({
      status: 422,
      code: 'REPORT.FUTURE_PERIOD',
    });
  });

  it('marks a period computed before its end with the day it is counted to, and a finished one not at all', () => {
    const november = resolveReportPeriod({ kind: 'month', year: 2026, index: 11 }, '2026-11-22');
    expect(asOf(november, '2026-11-22').through).toBe('2026-11-22');
    expect(asOf(november, '2026-11-30').through).toBe('2026-11-30');
    expect(asOf(november, '2026-12-01')).not.toHaveProperty('through');
    // Recomputed after the end (a job that waited past midnight), the old mark goes.
    expect(asOf(asOf(november, '2026-11-22'), '2026-12-01')).toEqual(november);
  });

  it('refuses an unknown kind and an index out of range, with a clear code', () => {
    for (const req of [
      { kind: 'week', year: 2025 },
      { kind: 'quarter', year: 2025 },
      { kind: 'quarter', year: 2025, index: 5 },
      { kind: 'month', year: 2025, index: 0 },
      { kind: 'year', year: 1999 },
    ]) {
      expect(refusal(() => resolveReportPeriod(req, '2026-01-01'))).toEqual({ status: 400, code: 'REPORT.BAD_PERIOD' });
    }
  });

  it('lists the months of a range and finds the request a stored job was started from', () => {
    expect(monthsOf({ from: '2024-11-01', to: '2025-02-01' })).toEqual(['2024-11-01', '2024-12-01', '2025-01-01']);
    for (const [kind, index] of [
      ['year', undefined],
      ['half', 2],
      ['quarter', 3],
      ['month', 12],
    ] as const) {
      const p = resolveReportPeriod({ kind, year: 2025, index }, '2026-01-01');
      expect(periodRequestOf({ period_kind: kind, period_from: p.from })).toEqual({ kind, year: 2025, index });
    }
  });
});

describe('report rollup grains', () => {
  it('answers each section from the smallest monthly projection that keeps its columns and the scope', () => {
    expect(reportGrainFor([]).id).toBe(1);
    expect(reportGrainFor(['channel', 'hotline_id']).id).toBe(2);
    expect(reportGrainFor(['category_id', 'district_id']).id).toBe(3);
    expect(reportGrainFor(['street_id', 'unit_id']).id).toBe(4);
    expect(reportGrainFor(['category_id', 'unit_id']).id).toBe(5);
    expect(reportGrainFor(['appeal_type', 'district_id']).id).toBe(6);
    expect(reportGrainFor(['state', 'unit_id']).id).toBe(7);
    // Nothing smaller keeps a unit and a category and a channel: the full daily cut.
    expect(reportGrainFor(['unit_id', 'category_id', 'channel'])).toMatchObject({ id: 0, monthly: false });
  });

  it('keeps every dimension in the full grain, and each projection monthly', () => {
    const full = REPORT_GRAINS.find((g) => g.id === 0)!;
    expect(full.dims).toHaveLength(8);
    expect(REPORT_GRAINS.filter((g) => g.id !== 0).every((g) => g.monthly)).toBe(true);
    expect(new Set(REPORT_GRAINS.map((g) => g.id)).size).toBe(REPORT_GRAINS.length);
  });
});
