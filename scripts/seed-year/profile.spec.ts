import type { CityCategory } from './city';
import { ordersByDay, previousYearOrders } from './generate';
import { categoryWeight, dayWeight, seasonOf, springFestival, thresholds, trendOf } from './profile';

const cat = (path: string, weight = 1): CityCategory => ({
  id: 1,
  name: path.split('>').pop()!,
  path,
  weight,
  unit: 'D',
  months: null,
  kind: 'handled',
  hotlineId: null,
});

describe('seed:year profile', () => {
  it('turns weights into width_bucket lower bounds', () => {
    expect(thresholds([1, 1, 2])).toEqual([0, 0.25, 0.5]);
    expect(() => thresholds([0, 0])).toThrow();
  });

  it('puts heating in winter and flooding in summer', () => {
    const heating = cat('公共服务>供暖>暖气不热');
    const flooding = cat('应急管理和安全生产>防汛防台>积水内涝');
    expect(seasonOf(heating, 0)).toBeGreaterThan(10 * seasonOf(heating, 6));
    expect(seasonOf(flooding, 6)).toBeGreaterThan(10 * seasonOf(flooding, 0));
    expect(seasonOf(cat('公安户籍>户籍管理>落户'), 3)).toBe(1);
  });

  it('derives the previous year by undoing each trend', () => {
    const illegal = cat('城市管理>违法建设>违章搭建', 10);
    expect(trendOf(illegal)).toBeCloseTo(0.22);
    expect(categoryWeight(illegal, 5, false) / categoryWeight(illegal, 5, true)).toBeCloseTo(0.22);
    const other = cat('民政>社会救助>临时救助', 10);
    expect(previousYearOrders({ categories: [other] }, 1_060_000)).toBe(1_000_000);
  });

  it('spreads exactly N orders over the days, quieter on weekends and at the Spring Festival', () => {
    const days = ordersByDay({ categories: [cat('a>b>c')] }, { year: 2025, orders: 1_000_003, previous: false });
    expect(days).toHaveLength(365);
    expect(days.reduce((s, d) => s + d.n, 0)).toBe(1_000_003);
    const festival = springFestival(2025);
    expect(dayWeight(festival, festival)).toBeLessThan(0.6);
    expect(dayWeight(new Date('2025-03-08T00:00:00Z'), festival)).toBeLessThan(dayWeight(new Date('2025-03-10T00:00:00Z'), festival));
  });
});
