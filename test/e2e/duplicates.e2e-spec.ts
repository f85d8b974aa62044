import { Category } from '@app/catalog';
import { newPhone } from '../factories/world.factory';
import { Http } from '../setup/http';
import { useWorld } from '../setup/world-system';

const DAY_MS = 86_400_000;
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((s) => s.id);

/** 重复件提示: while an agent registers an order, likely duplicates among the open ones, ranked, with reasons. */
describe('duplicate suggestions (e2e)', () => {
  const ctx = useWorld();
  let agent: Http;
  /** 城市管理 > 市容环境 > 露天烧烤, a sibling of the world's 占道经营; and 生态环境 > 噪声 > 夜间施工噪声, another family. */
  let bbq: Category;
  let construction: Category;

  beforeAll(async () => {
    agent = ctx.w.http.as(ctx.w.tokens.agent);
    const repo = ctx.ds.getRepository(Category);
    const cat = (code: string, name: string, level: number, parent: Category | null) =>
      repo.save(repo.create({ code: `${code}${ctx.w.tag}`, name, level, parentId: parent?.id ?? null }));
    bbq = await cat('010102', '露天烧烤', 3, ctx.w.categories.mid);
    const eco = await cat('02', '生态环境', 1, null);
    construction = await cat('020101', '夜间施工噪声', 3, await cat('0201', '噪声', 2, eco));
  });

  /** Where the world's orders are, and a category: the draft's place unless a test says otherwise. */
  const here = () => ({
    districtId: ctx.w.regions.district.id,
    streetId: ctx.w.regions.street.id,
    communityId: ctx.w.regions.community.id,
    categoryId: bbq.id,
  });
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

  it('ranks the same caller first, then the same matter told by another caller, each with its reasons', async () => {
    const phone = newPhone();
    const sameCaller = await ctx.d.register({
      citizenPhone: phone,
      title: '养老金到账查询',
      content: '想问一下本月养老金什么时候到账',
      receivedAt: ago(3),
    });
    const sameMatter = await ctx.d.inState('dispatched', {
      ...here(),
      title: '夜间烧烤油烟扰民',
      content: '每天晚上小区大门口有人烧烤，油烟很大，窗户都不敢开',
      receivedAt: ago(1),
    });

    const res = await agent.post('/tickets/duplicate-suggestions', {
      ...here(),
      citizenPhone: phone,
      title: '小区门口烧烤油烟扰民',
      content: '小区门口烧烤油烟扰民',
    });

    expect(res.status).toBe(200);
    expect(ids(res).slice(0, 2)).toEqual([sameCaller.id, sameMatter.id]);
    const [caller, matter] = res.body.items;
    expect(caller.reasons[0]).toEqual({
      code: 'same_caller',
      label: '同一来电人',
      detail: `来电号码 ${phone.slice(0, 3)}****${phone.slice(-4)} 相同`,
    });
    expect(matter).toMatchObject({
      no: sameMatter.no,
      title: '夜间烧烤油烟扰民',
      state: 'dispatched',
      stateLabel: '待签收',
      receivedAt: sameMatter.timestamps.receivedAt,
      leadUnitId: ctx.w.units.district.id,
      leadUnitName: ctx.w.units.district.name,
      categoryName: '露天烧烤',
    });
    expect(matter.reasons.map((r: { code: string }) => r.code)).toEqual(['same_place', 'same_category', 'similar_text']);
    expect(matter.reasons[0].detail).toBe('同一社区：东华社区');
    expect(matter.reasons[2].detail).toMatch(/共同词语：.*烧烤.*油烟|共同词语：.*油烟.*烧烤/);
    expect(caller.score).toBeGreaterThan(matter.score);

    // With only the number typed in, the caller's open orders already show.
    const byPhone = await agent.post('/tickets/duplicate-suggestions', { citizenPhone: phone });
    expect(ids(byPhone)).toEqual([sameCaller.id]);
  });

  it('leaves out another kind of matter, a far place, an old order and a finished one; takes a sibling category', async () => {
    const matter = { title: '工地夜里施工太吵', content: '东华路工地半夜还在打桩，吵得睡不着' };
    const sibling = await ctx.d.register({ ...here(), ...matter, categoryId: ctx.w.categories.leaf.id });
    const otherKind = await ctx.d.register({ ...here(), ...matter });
    const farAway = await ctx.d.register({
      ...matter,
      categoryId: construction.id,
      districtId: ctx.w.regions.district2.id,
      streetId: ctx.w.regions.street2.id,
      communityId: undefined,
      address: '西华路7号',
    });
    const old = await ctx.d.register({ ...here(), ...matter, categoryId: construction.id, receivedAt: ago(10) });
    const finished = await ctx.d.register({ ...here(), ...matter, categoryId: construction.id });
    await ctx.d.must('agent', finished.id, 'close-first-contact', { answer: '已告知施工许可情况' });
    const same = await ctx.d.register({ ...here(), ...matter, categoryId: construction.id, title: '夜间施工噪声扰民' });

    const res = await agent.post('/tickets/duplicate-suggestions?limit=20', {
      ...here(),
      categoryId: construction.id,
      title: '东华路夜间施工噪音扰民',
      content: '东华路工地每天晚上十一点后还在施工，噪声很大',
    });

    expect(res.status).toBe(200);
    expect(ids(res)).toContain(same.id);
    for (const t of [otherKind, farAway, old, finished]) expect(ids(res)).not.toContain(t.id);
    // 占道经营 and 夜间施工噪声 are in different families: the sibling test needs its own draft.
    const asStalls = await agent.post('/tickets/duplicate-suggestions?limit=20', {
      ...here(),
      categoryId: bbq.id,
      title: '工地夜间施工噪音',
      content: '东华路工地每天晚上还在施工',
    });
    const found = asStalls.body.items.find((s: { id: string }) => s.id === sibling.id);
    expect(found.reasons.find((r: { code: string }) => r.code === 'same_category').detail).toBe('同属「市容环境」');
  });

  it('gives an order’s duplicates without the order itself or its sub-orders', async () => {
    const matter = { ...here(), title: '小区门口烧烤摊油烟熏人', content: '烧烤摊每天晚上在小区门口营业，油烟熏得居民没法开窗' };
    const parent = await ctx.d.inState('in_progress', matter);
    await ctx.d.must('handlerDistrict', parent.id, 'sub-dispatch', { unitId: ctx.w.units.street.id });
    const child = (await ctx.d.detail('supervisor', parent.id)).children[0];
    const other = await ctx.d.register({ ...matter, title: '门口烧烤油烟熏人' });

    const forParent = await agent.get(`/tickets/${parent.id}/duplicate-suggestions?limit=20`);
    expect(forParent.status).toBe(200);
    expect(ids(forParent)).toContain(other.id);
    expect(ids(forParent)).not.toContain(parent.id);
    expect(ids(forParent)).not.toContain(child.id);
    const forOther = await agent.get(`/tickets/${other.no}/duplicate-suggestions?limit=20`);
    expect(ids(forOther)).toContain(parent.id);
    expect(ids(forOther)).not.toContain(child.id);
    expect(ids(forOther)).not.toContain(other.id);
  });

  it('no longer suggests a duplicate once it is merged: it follows its parent', async () => {
    const matter = { ...here(), title: '烧烤店占用人行道', content: '东华路烧烤店把桌椅摆到人行道上经营到深夜' };
    const parent = await ctx.d.register(matter);
    const dup = await ctx.d.register({ ...matter, content: '晚上烧烤店桌椅占了人行道，行人只能走马路' });
    const draft = { ...matter, content: '烧烤店每天晚上占用人行道摆桌' };
    const before = await agent.post('/tickets/duplicate-suggestions?limit=20', draft);
    expect(ids(before)).toEqual(expect.arrayContaining([parent.id, dup.id]));

    const merged = await ctx.d.must('agent', dup.id, 'merge', { parent: parent.no });
    expect(merged).toMatchObject({ state: 'merged', stateLabel: '已并单', mergedIntoId: parent.id });

    const after = await agent.post('/tickets/duplicate-suggestions?limit=20', draft);
    expect(ids(after)).toContain(parent.id);
    expect(ids(after)).not.toContain(dup.id);
    expect(ids(await agent.get(`/tickets/${parent.id}/duplicate-suggestions?limit=20`))).not.toContain(dup.id);
  });

  it('is for the centre: a handler gets 403', async () => {
    const h = ctx.w.http.as(ctx.w.tokens.handlerDistrict);
    const t = await ctx.d.inState('dispatched');
    const draft = await h.post('/tickets/duplicate-suggestions', { title: '油烟扰民' });
    expect(draft).toMatchObject({ status: 403, body: { code: 'AUTH.ROLE_NOT_ALLOWED' } });
    expect(await h.get(`/tickets/${t.id}/duplicate-suggestions`)).toMatchObject({ status: 403, body: { code: 'AUTH.ROLE_NOT_ALLOWED' } });
  });

  it('refuses a draft with nothing to compare, an over-long text or a bad limit, with a stable code', async () => {
    const empty = await agent.post('/tickets/duplicate-suggestions', {});
    expect(empty).toMatchObject({ status: 400, body: { code: 'DUPLICATE.DRAFT_EMPTY' } });
    const placeOnly = await agent.post('/tickets/duplicate-suggestions', { ...here(), title: '  ' });
    expect(placeOnly).toMatchObject({ status: 400, body: { code: 'DUPLICATE.DRAFT_EMPTY' } });

    const long = await agent.post('/tickets/duplicate-suggestions', { content: '长'.repeat(4001) });
    expect(long).toMatchObject({ status: 400, body: { code: 'REQUEST.VALIDATION_FAILED' } });
    expect(long.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['content']);
    const unknown = await agent.post('/tickets/duplicate-suggestions', { title: '油烟', evil: 1 });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'REQUEST.VALIDATION_FAILED' } });
    const limit = await agent.post('/tickets/duplicate-suggestions?limit=0', { title: '油烟' });
    expect(limit).toMatchObject({ status: 400, body: { code: 'REQUEST.VALIDATION_FAILED' } });

    const noCategory = await agent.post('/tickets/duplicate-suggestions', { title: '油烟', categoryId: 99_999_999 });
    expect(noCategory).toMatchObject({ status: 422, body: { code: 'CATALOG.UNKNOWN_CATEGORY' } });
    expect(await agent.get('/tickets/29991231-99999999/duplicate-suggestions')).toMatchObject({
      status: 404,
      body: { code: 'TICKET.NOT_FOUND' },
    });
  });
});
