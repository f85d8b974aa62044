import { Segmenter } from '@app/knowledge';
import { addressTokens, matterTerms, normaliseAddress } from './duplicate-features';
import { OrderFeatures, POINTS, TEXT_THRESHOLD, addressesMatch, judge, rank, textSimilarity } from './duplicate-scoring';

const seg = new Segmenter(['东华社区', '东华街道']);
const NOW = new Date('2025-06-10T10:00:00+08:00');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

/** An order as the finder sees it: 东华社区, 餐饮油烟 (in 市容环境), barbecue smoke at the gate. */
function order(o: Partial<Omit<OrderFeatures, 'terms' | 'addressTokens' | 'addressKey'>> & { title?: string; content?: string } = {}) {
  const { title = '小区门口烧烤油烟扰民', content = '', ...rest } = o;
  const address = rest.address === undefined ? '东华路18号' : rest.address;
  return {
    phone: null,
    communityId: 31,
    streetId: 21,
    categoryId: 101,
    familyId: 10,
    receivedAt: NOW,
    ...rest,
    address,
    addressKey: normaliseAddress(address),
    addressTokens: addressTokens(seg, address),
    terms: matterTerms(seg, title, content),
  } satisfies OrderFeatures;
}
const names = { community: '东华社区', street: '东华街道', category: '餐饮油烟', family: '市容环境' };
const codes = (v: ReturnType<typeof judge>) => v?.reasons.map((r) => r.code);

describe('text similarity on jieba words', () => {
  it('finds the same complaint worded differently', () => {
    const a = matterTerms(seg, '小区门口烧烤油烟扰民', '');
    const b = matterTerms(seg, '夜间烧烤', '每天晚上小区大门口有人烧烤，油烟很大');
    const { similarity, shared } = textSimilarity(a, b);
    expect(similarity).toBeGreaterThanOrEqual(TEXT_THRESHOLD);
    expect(shared).toEqual(expect.arrayContaining(['烧烤', '油烟', '门口', '小区']));
  });

  it('keeps different matters in one place apart, boilerplate notwithstanding', () => {
    const smoke = matterTerms(seg, '市民来电反映小区门口烧烤油烟扰民', '要求相关部门尽快处理');
    const stalls = matterTerms(seg, '市民来电反映菜市场门口占道经营', '要求相关部门尽快处理');
    expect(textSimilarity(smoke, stalls).similarity).toBeLessThan(TEXT_THRESHOLD);
    expect(textSimilarity(smoke, stalls).shared).toEqual(['门口']);
  });

  it('says callers’ words for one thing one way', () => {
    expect(matterTerms(seg, '工地夜里施工太吵', '')).toEqual(expect.arrayContaining(['夜间', '施工', '噪音']));
    expect(matterTerms(seg, '东华路夜间施工噪声扰民', '')).toEqual(expect.arrayContaining(['夜间', '噪音']));
  });

  it('is zero for an empty side', () => {
    expect(textSimilarity([], ['烧烤'])).toEqual({ similarity: 0, shared: [] });
  });
});

describe('addresses in one street', () => {
  const addr = (a: string) => ({ addressKey: normaliseAddress(a), addressTokens: addressTokens(seg, a) });

  it('match when one contains the other or most words agree', () => {
    expect(addressesMatch(addr('东华路18号'), addr('东华路 18 号菜市场门口'))).toBe(true);
    expect(addressesMatch(addr('幸福里小区5号楼东侧'), addr('幸福里小区5号楼'))).toBe(true);
  });

  it('differ for another building or an empty address', () => {
    expect(addressesMatch(addr('东华路18号'), addr('东华路20号阳光小区3栋'))).toBe(false);
    expect(addressesMatch(addr(''), addr('东华路18号'))).toBe(false);
  });
});

describe('judge', () => {
  it('suggests the same caller on that alone, with the number masked', () => {
    const v = judge(
      order({ phone: '13912345678' }),
      order({ phone: '13912345678', communityId: 99, streetId: 98, categoryId: 555, familyId: 55, title: '养老金何时发放' }),
      names,
    );
    expect(v).toEqual({
      score: POINTS.sameCaller,
      reasons: [{ code: 'same_caller', label: '同一来电人', detail: '来电号码 139****5678 相同' }],
    });
  });

  it('suggests the same community, category and similar text, saying why', () => {
    const v = judge(order(), order({ title: '夜间烧烤', content: '每天晚上小区大门口有人烧烤，油烟很大', receivedAt: daysAgo(2) }), names);
    expect(codes(v)).toEqual(['same_place', 'same_category', 'similar_text']);
    expect(v!.reasons[0].detail).toBe('同一社区：东华社区');
    expect(v!.reasons[1].detail).toBe('同一分类：餐饮油烟');
    expect(v!.reasons[2].detail).toMatch(/^相似度 0\.\d\d，共同词语：.*烧烤/);
    expect(v!.score).toBeLessThan(POINTS.sameCaller);
  });

  it('takes another community of the street at a matching address, and a sibling category as the same family', () => {
    const v = judge(order({ address: '东华路18号菜市场门口' }), order({ communityId: 32, categoryId: 102 }), names);
    expect(v!.reasons.map((r) => r.detail).slice(0, 2)).toEqual(['同一街道（东华街道），地址相近：东华路18号', '同属「市容环境」']);
  });

  it('refuses a match missing any of place, category family, text or the window', () => {
    const draft = order();
    expect(judge(draft, order({ categoryId: 201, familyId: 20 }))).toBeNull();
    expect(judge(draft, order({ communityId: 41, streetId: 40 }))).toBeNull();
    expect(judge(draft, order({ communityId: 32, address: '西华路7号' }))).toBeNull();
    expect(judge(draft, order({ title: '菜市场门口占道经营' }))).toBeNull();
    expect(judge(draft, order({ receivedAt: daysAgo(8) }))).toBeNull();
    expect(judge(draft, order({ receivedAt: daysAgo(7) }))).not.toBeNull();
  });

  it('keeps the caller for 30 days and adds every other reason that holds', () => {
    const draft = order({ phone: '13912345678' });
    expect(judge(draft, order({ phone: '13912345678', receivedAt: daysAgo(31), title: '别的事' }))).toBeNull();
    const v = judge(draft, order({ phone: '13912345678', receivedAt: daysAgo(20) }));
    expect(codes(v)).toEqual(['same_caller', 'same_place', 'same_category', 'similar_text']);
    expect(v!.score).toBe(100);
  });
});

describe('rank', () => {
  it('orders by score, then the more recent, then the later id, and cuts at the limit', () => {
    const v = (id: string, score: number, days: number) => ({ id, score, reasons: [], receivedAt: daysAgo(days) });
    const ranked = rank([v('9', 30, 1), v('10', 30, 1), v('11', 30, 2), v('12', 80, 5), v('13', 10, 0)], 4);
    expect(ranked.map((r) => r.id)).toEqual(['12', '10', '9', '11']);
  });
});
