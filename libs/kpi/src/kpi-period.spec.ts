import { CityCalendar, bucketLabel } from './city-calendar';
import { resolveRange } from './kpi-period';

const TODAY = '2026-11-22';
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'none';
};

describe('resolveRange', () => {
  it('snaps calendar periods to their bounds, `to` exclusive', () => {
    expect(resolveRange({ period: 'month', from: '2025-03-15' }, TODAY)).toMatchObject({
      from: '2025-03-01',
      to: '2025-04-01',
      bucket: 'month',
    });
    expect(resolveRange({ period: 'week', from: '2025-03-05' }, TODAY)).toMatchObject({ from: '2025-03-03', to: '2025-03-10' });
    expect(resolveRange({ period: 'quarter', from: '2025-05-20', to: '2025-10-01' }, TODAY)).toMatchObject({
      from: '2025-04-01',
      to: '2025-10-01',
    });
    expect(resolveRange({ period: 'year', from: '2025-06-01' }, TODAY)).toMatchObject({ from: '2025-01-01', to: '2026-01-01' });
    expect(resolveRange({ period: 'day', from: '2025-02-28' }, TODAY)).toMatchObject({ from: '2025-02-28', to: '2025-03-01' });
    expect(resolveRange({}, TODAY)).toMatchObject({ period: 'month', from: '2026-11-01', to: '2026-12-01' });
    expect(resolveRange({ period: 'custom', from: '2025-01-10', to: '2025-02-10' }, TODAY)).toMatchObject({ bucket: 'day' });
  });

  it('refuses bad ranges with KPI.BAD_RANGE and unknown periods with KPI.UNKNOWN_DIMENSION', () => {
    expect(code(() => resolveRange({ period: 'custom', from: '2025-02-10', to: '2025-02-10' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'custom', from: '2025-02-10', to: '2025-01-10' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'custom', from: '2023-01-01', to: '2025-06-01' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'custom', from: '2026-11-01', to: '2026-12-01' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'month', from: '2027-01-01' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'custom', from: '2025-02-30', to: '2025-03-10' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'custom', from: '2025-02-01' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'month', from: '2025/02/01' }, TODAY))).toBe('KPI.BAD_RANGE');
    expect(code(() => resolveRange({ period: 'fortnight' }, TODAY))).toBe('KPI.UNKNOWN_DIMENSION');
    expect(code(() => resolveRange({ period: 'custom', from: '2024-11-22', to: '2026-11-22' }, TODAY))).toBe('none');
  });
});

describe('CityCalendar', () => {
  it('turns instants into city dates and back', () => {
    const cal = new CityCalendar('Asia/Shanghai');
    expect(cal.day(new Date('2025-01-31T15:59:59Z'))).toBe('2025-01-31');
    expect(cal.day(new Date('2025-01-31T16:00:00Z'))).toBe('2025-02-01');
    expect(cal.startOf('2025-02-01').toISOString()).toBe('2025-01-31T16:00:00.000Z');
  });

  it('keeps daylight saving time right in a zone that has it', () => {
    const cal = new CityCalendar('Europe/Berlin');
    expect(cal.startOf('2025-03-30').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(cal.startOf('2025-03-31').toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(cal.day(new Date('2025-03-30T22:30:00Z'))).toBe('2025-03-31');
  });

  it('names buckets the way tables show them', () => {
    expect(bucketLabel('2025-03-03', 'week')).toBe('2025-W10');
    expect(bucketLabel('2024-12-30', 'week')).toBe('2025-W01');
    expect(bucketLabel('2025-10-01', 'quarter')).toBe('2025-Q4');
    expect(bucketLabel('2025-03-01', 'month')).toBe('2025-03');
  });
});
