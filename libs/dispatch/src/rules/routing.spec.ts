import { DispatchRule } from './dispatch-rule.entity';
import { matchRules } from './routing';

const rule = (over: Partial<DispatchRule>): DispatchRule =>
  ({
    id: 1,
    categoryId: 30,
    regionId: null,
    keywords: [],
    leadUnitId: 100,
    coUnitIds: [],
    priority: 0,
    autoDispatch: false,
    active: true,
    ...over,
  }) as DispatchRule;

// 30 = 占道经营 (leaf), 3 = 市容环境, 1 = 城市管理; regions: community 900 in street 90 in district 9.
const order = { categoryAncestry: [30, 3, 1], regionIds: [900, 90, 9], text: '东华路菜市场门口流动摊贩占道经营' };

describe('dispatch catalogue matching', () => {
  it('prefers the order’s own category to a parent category', () => {
    const ms = matchRules([rule({ id: 1, categoryId: 1, leadUnitId: 101 }), rule({ id: 2, categoryId: 30, leadUnitId: 102 })], order);
    expect(ms.map((m) => m.rule.leadUnitId)).toEqual([102, 101]);
  });

  it('prefers a rule for the order’s community, then street, then district, then the whole city', () => {
    const rules = [
      rule({ id: 1, leadUnitId: 1 }),
      rule({ id: 2, regionId: 9, leadUnitId: 2 }),
      rule({ id: 3, regionId: 90, leadUnitId: 3 }),
      rule({ id: 4, regionId: 900, leadUnitId: 4 }),
    ];
    expect(matchRules(rules, order).map((m) => m.rule.leadUnitId)).toEqual([4, 3, 2, 1]);
  });

  it('ignores rules for other regions, other categories, and inactive rules', () => {
    const rules = [rule({ regionId: 8 }), rule({ categoryId: 31 }), rule({ active: false })];
    expect(matchRules(rules, order)).toEqual([]);
  });

  it('matches a keyword rule only when a keyword is in the text, and then ranks it higher', () => {
    const rules = [
      rule({ id: 1, leadUnitId: 1 }),
      rule({ id: 2, leadUnitId: 2, keywords: ['摊贩', '夜市'] }),
      rule({ id: 3, leadUnitId: 3, keywords: ['出租车'] }),
    ];
    const ms = matchRules(rules, order);
    expect(ms.map((m) => m.rule.leadUnitId)).toEqual([2, 1]);
    expect(ms[0].matchedKeywords).toEqual(['摊贩']);
  });

  it('breaks ties by priority', () => {
    const ms = matchRules([rule({ id: 1, leadUnitId: 1 }), rule({ id: 2, leadUnitId: 2, priority: 5 })], order);
    expect(ms[0].rule.leadUnitId).toBe(2);
  });
});
