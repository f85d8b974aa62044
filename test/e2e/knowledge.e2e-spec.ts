import { KnowledgeService } from '@app/knowledge';
import { useWorld } from '../setup/world-system';

describe('knowledge base (e2e)', () => {
  const ctx = useWorld();
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  const entry = (over: Record<string, unknown> = {}) => ({
    kind: 'qa',
    title: `职工医疗保险门诊报销比例 ${ctx.w.tag}`,
    question: '职工医疗保险在社区医院看门诊能报销多少？',
    body: '<p>参保职工在一级及以下定点医疗机构发生的普通门诊费用，起付线以上部分由统筹基金支付 60%，退休人员支付 70%。</p>',
    ownerUnitId: ctx.w.units.department.id,
    categoryIds: [ctx.w.categories.leaf.id],
    tags: ['门诊'],
    effectiveFrom: '2024-01-01',
    internalNote: '坐席提示：异地就医另有规定',
    ...over,
  });
  const publish = async (over: Record<string, unknown> = {}) => {
    const created = await as('handlerDepartment').post('/knowledge/entries', entry(over));
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    await as('knowledgeAdmin').post(`/knowledge/entries/${created.body.id}/publish`);
    return created.body as { id: string };
  };

  describe('entries, review and versions', () => {
    it('lets the owner unit draft, and only a knowledge administrator publish, keeping every version', async () => {
      const created = await as('handlerDepartment').post('/knowledge/entries', entry());
      expect(created).toMatchObject({ status: 201, body: { status: 'in_review', version: 1 } });
      const id = created.body.id;
      expect((await as('handlerDepartment').post(`/knowledge/entries/${id}/publish`)).body.code).toBe('KNOWLEDGE.PUBLISH_NOT_ALLOWED');
      expect((await as('admin').post(`/knowledge/entries/${id}/publish`)).status).toBe(403);
      expect((await as('knowledgeAdmin').post(`/knowledge/entries/${id}/publish`)).body.status).toBe('published');
      const updated = await as('handlerDepartment').request(
        'PUT',
        `/knowledge/entries/${id}`,
        entry({ body: '起付线以上部分支付 65%。', changeNote: '2025年起提高比例' }),
      );
      expect(updated.body).toMatchObject({ version: 2, status: 'in_review' });
      const versions = (await as('knowledgeAdmin').get(`/knowledge/entries/${id}/versions`)).body as {
        version: number;
        action: string;
        changedBy: number;
        note: string | null;
      }[];
      expect(versions.map((v) => `${v.version}:${v.action}`)).toEqual(['1:create', '1:publish', '2:update']);
      expect(versions[2]).toMatchObject({ changedBy: ctx.w.users.handlerDepartment.id, note: '2025年起提高比例' });
    });

    it('refuses another unit’s entry, a missing owner, and an expiry before the start', async () => {
      expect((await as('handlerDistrict2').post('/knowledge/entries', entry())).body.code).toBe('KNOWLEDGE.NOT_OWNER');
      const { ownerUnitId: _omit, ...noOwner } = entry();
      expect((await as('knowledgeAdmin').post('/knowledge/entries', noOwner)).status).toBe(400);
      const bad = await as('knowledgeAdmin').post('/knowledge/entries', entry({ effectiveFrom: '2025-01-01', expiresOn: '2024-12-31' }));
      expect(bad).toMatchObject({ status: 400, body: { code: 'KNOWLEDGE.VALIDITY_INVALID' } });
    });

    it('sanitizes HTML bodies so no script reaches a page', async () => {
      const e = await publish({
        title: `带脚本的条目 ${ctx.w.tag}`,
        body: '<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:alert(1)">链接</a>',
      });
      const view = (await as('agent').get(`/knowledge/entries/${e.id}`)).body;
      expect(view.body).not.toMatch(/script|onclick|javascript:/);
      expect(view.body).toContain('<p>正文</p>');
    });
  });

  describe('search', () => {
    it('finds the formal text from the colloquial word, ranks title above body, and highlights', async () => {
      const inTitle = await publish({ title: `医疗保险门诊共济 ${ctx.w.tag}`, question: null, kind: 'guide', body: '办理指引' });
      const inBody = await publish({
        title: `门诊办理须知 ${ctx.w.tag}`,
        question: null,
        kind: 'guide',
        body: '按医疗保险规定办理门诊共济',
      });
      const res = await as('agent').get(`/knowledge/search?q=${encodeURIComponent('医保门诊共济')}&kind=guide`);
      const ids = res.body.items.map((i: { id: string }) => i.id);
      expect(ids.indexOf(inTitle.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(inTitle.id)).toBeLessThan(ids.indexOf(inBody.id));
      expect(res.body.items.find((i: { id: string }) => i.id === inBody.id).snippet).toContain('<em>医疗保险</em>');
    });

    it('hides expired entries from agents unless asked, and filters by category and kind', async () => {
      const old = await publish({
        title: `旧版公积金提取规定 ${ctx.w.tag}`,
        question: null,
        kind: 'policy',
        docNumber: `滨公积金〔2019〕${ctx.w.tag}号`,
        body: '住房公积金提取旧规定',
        effectiveFrom: '2019-01-01',
        expiresOn: '2020-12-31',
      });
      const q = encodeURIComponent('公积金提取');
      expect((await as('agent').get(`/knowledge/search?q=${q}`)).body.items.map((i: { id: string }) => i.id)).not.toContain(old.id);
      const withOld = (await as('agent').get(`/knowledge/search?q=${q}&includeExpired=true`)).body.items;
      expect(withOld.find((i: { id: string }) => i.id === old.id)).toMatchObject({ expired: true });
      expect(
        (await as('agent').get(`/knowledge/search?q=${q}&includeExpired=true&kind=qa`)).body.items.map((i: { id: string }) => i.id),
      ).not.toContain(old.id);
      expect(
        (await as('agent').get(`/knowledge/search?q=${q}&includeExpired=true&categoryId=${ctx.w.categories.top.id}`)).body.items.map(
          (i: { id: string }) => i.id,
        ),
      ).toContain(old.id);
    });

    it('refuses a query over the length limit', async () => {
      const res = await as('agent').get(`/knowledge/search?q=${encodeURIComponent('长'.repeat(101))}`);
      expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.VALIDATION_FAILED' } });
    });
  });

  describe('answering at first contact', () => {
    it('suggests entries while the agent registers, and one action closes the order with the chosen entry', async () => {
      const e = await publish({
        title: `居民医疗保险缴费时间 ${ctx.w.tag}`,
        question: '居民医保每年什么时候缴费？',
        body: '每年9月1日至12月31日缴纳次年居民医疗保险费。',
      });
      const t = await ctx.d.register({ appealType: 'consultation', title: '咨询居民医保缴费', content: '请问居民医保什么时候交钱' });
      const sug = await as('agent').post('/knowledge/suggest', { text: '请问居民医保什么时候缴费', ticketId: t.id });
      expect(sug.body.items.map((i: { id: string }) => i.id)).toContain(e.id);
      const closed = await ctx.d.must('agent', t.id, 'answer-with-knowledge', { entryId: e.id });
      expect(closed).toMatchObject({ state: 'closed', closureKind: 'first_contact' });
      expect(closed.replyText).toContain('9月1日');
      expect(await ctx.ds.query('SELECT entry_id FROM ticket_knowledge WHERE ticket_id = $1', [t.id])).toEqual([{ entry_id: e.id }]);
      const listed = (await as('knowledgeAdmin').get('/knowledge/entries?status=published')).body.find(
        (x: { id: string }) => x.id === e.id,
      );
      expect(listed).toMatchObject({ firstContactCount: 1, usageCount: 1 });
      const flow = (await ctx.d.detail('supervisor', t.id)).flow.at(-1);
      expect(flow).toMatchObject({ action: 'close_first_contact', details: { knowledgeEntryId: e.id } });
    });

    it('collects questions nobody could answer, with the order, into the weekly report', async () => {
      const t = await ctx.d.register({ appealType: 'consultation' });
      const res = await as('agent').post('/knowledge/suggest', { text: '无人知晓的问题：火星签证怎么办理', ticketId: t.id });
      expect(res.body.items).toEqual([]);
      await as('agent').post('/knowledge/gaps', { question: '火星签证在哪里办', ticketId: t.id });
      const report = (await as('knowledgeAdmin').get('/knowledge/gaps/weekly')).body;
      const mars = report.topics.find((x: { term: string }) => x.term === '火星');
      expect(mars.n).toBeGreaterThanOrEqual(2);
      expect(mars.tickets).toContain(t.id);
    });
  });

  describe('public Q&A', () => {
    it('serves published, current entries without login, with their source and service, and never the internal notes', async () => {
      const policy = await publish({
        kind: 'policy',
        question: null,
        title: `低保标准调整通知 ${ctx.w.tag}`,
        docNumber: `滨民发〔2025〕${ctx.w.tag}号`,
        body: '第三条 城市最低生活保障标准调整为每人每月1050元。',
      });
      const qa = await publish({
        title: `低保标准 ${ctx.w.tag}`,
        question: '低保每月多少钱？',
        body: '每人每月1050元。',
        sourceEntryId: policy.id,
        sourceParagraph: '第三条 城市最低生活保障标准调整为每人每月1050元。',
      });
      const draft = (await as('handlerDepartment').post('/knowledge/entries', entry({ title: `草稿 ${ctx.w.tag}` }))).body;
      const http = ctx.w.http;
      const found = (await http.get(`/public/knowledge/search?q=${encodeURIComponent('低保每月多少钱')}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
      expect(found).toContain(qa.id);
      const view = (await http.get(`/public/knowledge/entries/${qa.id}`)).body;
      expect(view.source).toMatchObject({ id: policy.id, docNumber: `滨民发〔2025〕${ctx.w.tag}号` });
      expect(JSON.stringify(view)).not.toContain('坐席提示');
      expect(view.internalNote).toBeUndefined();
      expect((await http.get(`/public/knowledge/entries/${draft.id}`)).status).toBe(404);
      expect((await as('agent').get(`/knowledge/entries/${qa.id}`)).body.internalNote).toContain('坐席提示');
    });
  });

  describe('import', () => {
    it('imports JSON idempotently with a result per row, refusing broken links and sanitizing bodies', async () => {
      const owner = ctx.w.units.department.code;
      const rows = [
        {
          externalId: `P-${ctx.w.tag}`,
          kind: 'policy',
          title: '物业服务收费管理办法',
          docNumber: `滨发改〔2024〕${ctx.w.tag}号`,
          body: '<p>第一条 物业服务收费实行政府指导价。</p><script>bad()</script>',
          ownerUnitCode: owner,
          effectiveFrom: '2024-03-01',
        },
        {
          externalId: `Q-${ctx.w.tag}`,
          kind: 'qa',
          title: '物业费标准',
          question: '物业费怎么定？',
          body: '实行政府指导价。',
          ownerUnitCode: owner,
          effectiveFrom: '2024-03-01',
          sourceExternalId: `P-${ctx.w.tag}`,
          sourceParagraph: '第一条 物业服务收费实行政府指导价。',
        },
        {
          externalId: `Q2-${ctx.w.tag}`,
          kind: 'qa',
          title: '断链',
          question: '？',
          body: 'x',
          ownerUnitCode: owner,
          effectiveFrom: '2024-03-01',
          sourceExternalId: 'NO-SUCH-DOC',
        },
        {
          externalId: `Q3-${ctx.w.tag}`,
          kind: 'qa',
          title: '无单位',
          question: '？',
          body: 'x',
          ownerUnitCode: 'NO-UNIT',
          effectiveFrom: '2024-03-01',
        },
      ];
      expect((await as('handlerDepartment').post('/knowledge/import', { format: 'json', content: JSON.stringify(rows) })).status).toBe(403);
      const first = (await as('knowledgeAdmin').post('/knowledge/import', { format: 'json', content: JSON.stringify(rows) })).body;
      expect(first.summary).toEqual({ created: 2, updated: 0, unchanged: 0, error: 2 });
      expect(first.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
        'created',
        'created',
        'IMPORT.BROKEN_LINK',
        'IMPORT.OWNER_UNIT_UNKNOWN',
      ]);
      const again = (await as('knowledgeAdmin').post('/knowledge/import', { format: 'json', content: JSON.stringify(rows.slice(0, 2)) }))
        .body;
      expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 2, error: 0 });
      const [p] = await ctx.ds.query(`SELECT body FROM knowledge_entry WHERE external_id = $1`, [`P-${ctx.w.tag}`]);
      expect(p.body).not.toContain('script');
      const [q] = await ctx.ds.query(`SELECT source_entry_id IS NOT NULL AS linked FROM knowledge_entry WHERE external_id = $1`, [
        `Q-${ctx.w.tag}`,
      ]);
      expect(q.linked).toBe(true);
    });

    it('imports CSV, with list fields separated by |', async () => {
      const csv = `externalId,kind,title,body,ownerUnitCode,tags,effectiveFrom\nG-${ctx.w.tag},guide,不动产登记办事指南,携带身份证和购房合同到政务服务中心办理,${ctx.w.units.department.code},不动产|登记,2024-01-01\n`;
      const res = (await as('knowledgeAdmin').post('/knowledge/import', { format: 'csv', content: csv })).body;
      expect(res.summary.created).toBe(1);
      const [g] = await ctx.ds.query(`SELECT tags FROM knowledge_entry WHERE external_id = $1`, [`G-${ctx.w.tag}`]);
      expect(g.tags).toEqual(['不动产', '登记']);
      expect((await as('knowledgeAdmin').post('/knowledge/import', { format: 'json', content: '{not json' })).body.code).toBe(
        'IMPORT.UNREADABLE',
      );
    });
  });

  describe('duties and review', () => {
    it('feeds units’ duty descriptions into dispatch suggestions', async () => {
      // Written by the knowledge administrator: the department's handler may not write another unit's duties.
      const duty = await as('knowledgeAdmin').post(
        '/knowledge/entries',
        entry({
          kind: 'duty',
          question: null,
          title: `占道经营由区城管负责 ${ctx.w.tag}`,
          body: '菜市场周边流动摊贩占道经营，由所在区城市管理部门负责查处。',
          ownerUnitId: ctx.w.units.district2.id,
        }),
      );
      await as('knowledgeAdmin').post(`/knowledge/entries/${duty.body.id}/publish`);
      const t = await ctx.d.inState('to_dispatch');
      const res = await as('dispatcher').get(`/tickets/${t.id}/dispatch-suggestions`);
      const suggested = res.body.find((s: { unitId: number }) => s.unitId === ctx.w.units.district2.id);
      expect(suggested.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'duty' })]));
    });

    it('flags entries nobody reviewed for 180 days to their owner unit, once', async () => {
      const e = await publish({ title: `久未复核的条目 ${ctx.w.tag}` });
      await ctx.ds.query(
        `UPDATE knowledge_entry SET reviewed_at = now() - interval '200 days', published_at = now() - interval '200 days' WHERE id = $1`,
        [e.id],
      );
      const stale = (await as('knowledgeAdmin').get('/knowledge/entries?stale=true')).body.map((x: { id: string }) => x.id);
      expect(stale).toContain(e.id);
      const knowledge = ctx.sys.api.get(KnowledgeService);
      expect(await knowledge.notifyStale()).toBeGreaterThanOrEqual(1);
      expect(await knowledge.notifyStale()).toBe(0);
      const notes = (await as('handlerDepartment').get('/notifications')).body.items.map((n: { kind: string }) => n.kind);
      expect(notes).toContain('knowledge_stale');
      await as('handlerDepartment').post(`/knowledge/entries/${e.id}/reviewed`);
      expect((await as('knowledgeAdmin').get('/knowledge/entries?stale=true')).body.map((x: { id: string }) => x.id)).not.toContain(e.id);
    });
  });
});
