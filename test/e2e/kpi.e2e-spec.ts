import { KpiEvents, KpiReconciler, LiveBoardService } from '@app/kpi';
import { Workbook } from 'exceljs';
import { KpiDataset, March2025, buildMarch2025, local } from '../factories/kpi-dataset';
import { useWorld } from '../setup/world-system';

/**
 * Known answers for March 2025 (test/factories/kpi-dataset.ts builds the orders):
 *
 *   unit       received  accepted  1st-contact  closed  dispatched  signed  responded  rounds ok/due  urges  callbacks reached/due  resolved/rated  satisfied/rated
 *   (none)     4         2         2            2       -           -       -          -              -      1/1 (O16 sample)       1/1             1/1
 *   district   5 (O4*)   4         0            3       4           3       3          3/3            0      2/3 (O6 unreached)     2/2             2/2
 *   street     1         1         0            1       1           1       0          0/2 (O7, O11)  1      2/2 (O7 refused)       1/1             1/1
 *   district2  3         3         0            1       2 (O8 out)  2       2          3/4 (O9 open)  2      2/3 (O13 pending)      1/2             1/2
 *   total      13        10        2            7       7           6       5          6/9            3      7/9                    5/6             5/6
 *
 * (*) O4 is merged into O5 and follows its unit. The department got O13 first; its return was approved,
 * so it has nothing. O10 is due in April, O11 was received in February, O12 at 00:30 on 1 April.
 */
describe('KPIs (e2e)', () => {
  const ctx = useWorld({ worker: false, ownDatabase: true });
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  const MARCH = 'period=month&from=2025-03-01';
  let data: KpiDataset;
  let march: March2025;
  const get = async (who: keyof typeof ctx.w.tokens, query: string) => {
    const res = await as(who).get(`/kpi?${query}`);
    if (res.status !== 200) throw new Error(`GET /kpi?${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const values = (row: { kpis: Record<string, { value: number | null }> }) =>
    Object.fromEntries(Object.entries(row.kpis).map(([k, c]) => [k, c.value]));
  const rowOf = (t: any, key: number | string | null) => t.rows.find((r: any) => r.key === key);

  beforeAll(async () => {
    data = new KpiDataset(ctx.ds, ctx.w);
    await data.hotline();
    march = await buildMarch2025(data, ctx.w);
    // Orders written straight into the tables had no events: the reconcile fills the rollup, as after a seed.
    const built = await ctx.sys.api.get(KpiReconciler).run({ fix: true });
    expect(built).toMatchObject({ fixed: true });
  });

  describe('known answers, March 2025', () => {
    it('computes every KPI of the month', async () => {
      const t = await get('manager', MARCH);
      expect(t.range).toEqual({ period: 'month', from: '2025-03-01', to: '2025-04-01', bucket: 'month' });
      expect(values(t.total)).toEqual({
        connectionRate: 0.8,
        answer15Rate: 0.75,
        received: 13,
        firstContactRate: 0.2,
        closureRate: 0.7,
        onTimeSignRate: 0.8571,
        onTimeCompletionRate: 0.6667,
        overdueCount: 3,
        callbackRate: 0.7778,
        resolutionRate: 0.8333,
        satisfactionRate: 0.8333,
        responseRate: 0.7143,
        threeRateScore: 79.76,
        repeatRate: 0.0769,
        urgedCount: 3,
        supervisedCount: 2,
        cannotDoCount: 1,
        cannotDoClosureRate: 1,
        cannotDoOnTimeRate: 1,
        cannotDoSatisfactionRate: 1,
        cannotDoInspectedCount: 1,
      });
      expect(t.total.kpis.onTimeCompletionRate).toMatchObject({ numerator: 6, denominator: 9, target: 0.96, belowTarget: true });
      expect(t.total.kpis.firstContactRate).toMatchObject({ numerator: 2, denominator: 10 });
      expect(t.total.kpis.connectionRate).toMatchObject({ numerator: 8, denominator: 10, belowTarget: true });
      expect(t.total.kpis.callbackRate).toMatchObject({ numerator: 7, denominator: 9 });
    });

    it('cuts by unit: extensions, reopen rounds, a merged duplicate and a returned order land where they belong', async () => {
      const { district, street, district2, department } = ctx.w.units;
      const kpis =
        'received,onTimeSignRate,responseRate,onTimeCompletionRate,urgedCount,callbackRate,resolutionRate,satisfactionRate,repeatRate';
      const t = await get('manager', `${MARCH}&groupBy=unit&kpis=${kpis}`);
      expect(t.rows.map((r: any) => r.key)).toEqual([district.id, street.id, district2.id, null]);
      expect(rowOf(t, null).label).toBe('（未派单）');
      expect(rowOf(t, district.id).label).toBe(district.name);
      expect(values(rowOf(t, district.id))).toEqual({
        received: 5,
        onTimeSignRate: 0.75,
        responseRate: 0.75,
        onTimeCompletionRate: 1,
        urgedCount: 0,
        callbackRate: 0.6667,
        resolutionRate: 1,
        satisfactionRate: 1,
        repeatRate: 0.2,
      });
      expect(values(rowOf(t, street.id))).toEqual({
        received: 1,
        onTimeSignRate: 1,
        responseRate: 0,
        onTimeCompletionRate: 0,
        urgedCount: 1,
        callbackRate: 1,
        resolutionRate: 1,
        satisfactionRate: 1,
        repeatRate: 0,
      });
      expect(values(rowOf(t, district2.id))).toEqual({
        received: 3,
        onTimeSignRate: 1,
        responseRate: 1,
        onTimeCompletionRate: 0.75,
        urgedCount: 2,
        callbackRate: 0.6667,
        resolutionRate: 0.5,
        satisfactionRate: 0.5,
        repeatRate: 0,
      });
      expect(rowOf(t, district2.id).kpis.onTimeCompletionRate).toMatchObject({ numerator: 3, denominator: 4 });
      expect(rowOf(t, department.id)).toBeUndefined();
    });

    it('with sub-units: each unit counts its own and those below; a unit filter narrows to it', async () => {
      const { centre, district, street } = ctx.w.units;
      const t = await get('manager', `${MARCH}&groupBy=unit&includeSubUnits=true&kpis=received,onTimeCompletionRate`);
      expect(values(rowOf(t, district.id))).toEqual({ received: 6, onTimeCompletionRate: 0.6 });
      expect(values(rowOf(t, centre.id))).toEqual({ received: 9, onTimeCompletionRate: 0.6667 });
      const own = await get('manager', `${MARCH}&unitId=${district.id}&kpis=received,onTimeCompletionRate`);
      expect(values(own.total)).toEqual({ received: 5, onTimeCompletionRate: 1 });
      const sub = await get('manager', `${MARCH}&unitId=${district.id}&includeSubUnits=true&groupBy=unit&kpis=received`);
      expect(sub.rows.map((r: any) => [r.key, r.kpis.received.value])).toEqual([
        [district.id, 6],
        [street.id, 1],
      ]);
      expect(sub.total.kpis.received.value).toBe(6);
    });

    it('cuts by place, category level, channel and hotline', async () => {
      const { regions, categories } = ctx.w;
      const byDistrict = await get('manager', `${MARCH}&groupBy=district&kpis=received`);
      expect(byDistrict.rows.map((r: any) => [r.label, r.kpis.received.value])).toEqual([
        [regions.district.name, 10],
        [regions.district2.name, 3],
      ]);
      const inStreet2 = await get('manager', `${MARCH}&streetId=${regions.street2.id}&kpis=received,onTimeCompletionRate`);
      expect(values(inStreet2.total)).toEqual({ received: 3, onTimeCompletionRate: 0.75 });
      const l3 = await get('manager', `${MARCH}&groupBy=category3&kpis=received`);
      expect(l3.rows.map((r: any) => [r.key, r.kpis.received.value])).toEqual([
        [categories.leaf.id, 12],
        [null, 1],
      ]);
      const l2 = await get('manager', `${MARCH}&groupBy=category2&kpis=received`);
      expect(l2.rows.map((r: any) => [r.key, r.kpis.received.value])).toEqual([[categories.mid.id, 13]]);
      const l1 = await get('manager', `${MARCH}&groupBy=category1&kpis=received&categoryId=${categories.mid.id}`);
      expect(l1.rows.map((r: any) => [r.label, r.kpis.received.value])).toEqual([[categories.top.name, 13]]);
      const byChannel = await get('manager', `${MARCH}&groupBy=channel&kpis=received`);
      expect(byChannel.rows.map((r: any) => [r.key, r.label, r.kpis.received.value])).toEqual([
        ['app', 'APP', 1],
        ['mailbox', '市长信箱', 1],
        ['phone', '电话', 7],
        ['web', '网站', 2],
        ['wechat', '微信', 2],
      ]);
      const wechat = await get('manager', `${MARCH}&channel=wechat&kpis=received,repeatRate,connectionRate`);
      expect(values(wechat.total)).toEqual({ received: 2, repeatRate: 0, connectionRate: null });
      expect(wechat.total.kpis.connectionRate.applicable).toBe(false);
      const byLine = await get('manager', `${MARCH}&groupBy=hotline&kpis=received,connectionRate,answer15Rate`);
      expect(values(rowOf(byLine, data.hotlineId))).toEqual({ received: 7, connectionRate: 0.8, answer15Rate: 0.75 });
      expect(values(rowOf(byLine, null))).toEqual({ received: 6, connectionRate: null, answer15Rate: null });
      const line = await get('manager', `${MARCH}&hotline=${data.hotlineNumber}&kpis=received,connectionRate`);
      expect(values(line.total)).toEqual({ received: 7, connectionRate: 0.8 });
    });

    it('attributes each figure to its own date: received, deadline and callback dates across month boundaries', async () => {
      const t = await get(
        'manager',
        'period=month&from=2025-02-01&to=2025-05-01&groupBy=period&kpis=received,onTimeSignRate,onTimeCompletionRate,callbackRate,connectionRate',
      );
      expect(t.rows.map((r: any) => [r.label, values(r)])).toEqual([
        ['2025-02', { received: 1, onTimeSignRate: 1, onTimeCompletionRate: null, callbackRate: null, connectionRate: null }],
        ['2025-03', { received: 13, onTimeSignRate: 0.8571, onTimeCompletionRate: 0.6667, callbackRate: 0.7778, connectionRate: 0.8 }],
        ['2025-04', { received: 1, onTimeSignRate: null, onTimeCompletionRate: 1, callbackRate: 0, connectionRate: 1 }],
      ]);
      const day = await get('manager', `period=day&from=2025-03-31&kpis=received`);
      expect(day.total.kpis.received.value).toBe(0);
      const apr1 = await get('manager', `period=day&from=2025-04-01&kpis=received`);
      expect(apr1.total.kpis.received.value).toBe(1);
      const week = await get('manager', `period=week&from=2025-03-12&kpis=onTimeCompletionRate,received`);
      expect(week.range).toMatchObject({ from: '2025-03-10', to: '2025-03-17' });
      expect(values(week.total)).toEqual({ onTimeCompletionRate: 0.5, received: 3 });
    });

    it('ranks units by any KPI in a league table, flagging those below the target', async () => {
      const { district, street, district2 } = ctx.w.units;
      const res = await as('manager').get(`/kpi/league?${MARCH}&kpi=onTimeCompletionRate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kpi: { key: 'onTimeCompletionRate', label: '按时办结率' },
        by: 'unit',
        target: 0.96,
        belowTarget: 2,
      });
      expect(res.body.rows.map((r: any) => [r.rank, r.key, r.value, r.belowTarget])).toEqual([
        [1, district.id, 1, false],
        [2, district2.id, 0.75, true],
        [3, street.id, 0, true],
      ]);
      const loose = await as('manager').get(`/kpi/league?${MARCH}&kpi=onTimeCompletionRate&target=0.7`);
      expect(loose.body.rows.map((r: any) => r.belowTarget)).toEqual([false, false, true]);
      const sat = await as('manager').get(`/kpi/league?${MARCH}&kpi=satisfactionRate`);
      expect(sat.body.rows.map((r: any) => [r.rank, r.key])).toEqual([
        [1, district.id],
        [1, street.id],
        [3, district2.id],
      ]);
      const urged = await as('manager').get(`/kpi/league?${MARCH}&kpi=urgedCount`);
      expect(urged.body.rows.map((r: any) => [r.key, r.value])).toEqual([
        [district.id, 0],
        [street.id, 1],
        [district2.id, 2],
      ]);
      const lines = await as('manager').get(`/kpi/league?${MARCH}&kpi=connectionRate`);
      expect(lines.body).toMatchObject({ by: 'hotline', rows: [{ rank: 1, key: data.hotlineId, value: 0.8, belowTarget: true }] });
      expect((await as('manager').get(`/kpi/league?${MARCH}&kpi=connectionRate&by=unit`)).body.code).toBe('KPI.NOT_APPLICABLE');
    });

    it('exports any table to CSV (with a BOM, for Excel) and XLSX, with Chinese headers', async () => {
      const q = `${MARCH}&groupBy=unit&kpis=received,onTimeCompletionRate`;
      const csv = await fetch(`${ctx.sys.baseUrl}/kpi/export.csv?${q}`, { headers: { authorization: `Bearer ${ctx.w.tokens.manager}` } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.headers.get('content-disposition')).toContain("attachment; filename*=UTF-8''");
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
      expect(lines[0]).toBe('承办单位,诉求量,诉求量（分子）,诉求量（分母）,按时办结率,按时办结率（分子）,按时办结率（分母）');
      expect(lines[lines.length - 1]).toBe('合计,13,13,,66.67%,6,9');
      expect(lines).toContain(`${ctx.w.units.district2.name},3,3,,75.00%,3,4`);

      const xlsx = await fetch(`${ctx.sys.baseUrl}/kpi/export.xlsx?${q}`, { headers: { authorization: `Bearer ${ctx.w.tokens.manager}` } });
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new Workbook();
      await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
      const ws = wb.getWorksheet('考核指标')!;
      expect(ws.getRow(2).getCell(5).value).toBe('按时办结率');
      const last = ws.getRow(ws.rowCount);
      expect([last.getCell(1).value, last.getCell(2).value, last.getCell(5).value]).toEqual(['合计', 13, 0.6667]);
      expect(ws.getColumn(5).numFmt).toBe('0.00%');
    });

    it('publishes the definitions: formula, attribution, target and a worked example for every KPI', async () => {
      const res = await as('handlerDistrict').get('/kpi/definitions');
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(21);
      expect(res.body.find((d: any) => d.key === 'threeRateScore')).toMatchObject({
        parts: ['responseRate', 'resolutionRate', 'satisfactionRate'],
        weights: [30, 35, 35],
      });
      expect(res.body.find((d: any) => d.key === 'onTimeCompletionRate')).toMatchObject({
        label: '按时办结率',
        attributedBy: 'deadline',
        target: 0.96,
      });
    });
  });

  describe('who may see what', () => {
    it('keeps a handler inside their unit’s subtree', async () => {
      const { district, street, district2 } = ctx.w.units;
      const mine = await get('handlerDistrict', `${MARCH}&groupBy=unit&kpis=received,connectionRate`);
      expect(mine.rows.map((r: any) => r.key)).toEqual([district.id, street.id]);
      expect(mine.total.kpis.received.value).toBe(6);
      expect(mine.total.kpis.connectionRate).toMatchObject({ value: null, applicable: false });
      const byPlace = await get('handlerDistrict', `${MARCH}&groupBy=district&kpis=received`);
      expect(byPlace.total.kpis.received.value).toBe(6);
      const other = await as('handlerDistrict').get(`/kpi?${MARCH}&unitId=${district2.id}`);
      expect(other).toMatchObject({ status: 403, body: { code: 'KPI.OUT_OF_SCOPE' } });
      const up = await as('handlerStreet').get(`/kpi?${MARCH}&unitId=${district.id}`);
      expect(up.status).toBe(403);
      const own = await get('handlerStreet', `${MARCH}&unitId=${street.id}&kpis=onTimeCompletionRate`);
      expect(own.total.kpis.onTimeCompletionRate).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
      expect((await as('handlerDistrict').get(`/kpi/league?${MARCH}&kpi=received`)).body.rows.map((r: any) => r.key)).toEqual([
        district.id,
        street.id,
      ]);
    });

    it('refuses roles without KPIs', async () => {
      expect((await as('agent').get(`/kpi?${MARCH}`)).status).toBe(403);
      expect((await as('knowledgeAdmin').get('/kpi/definitions')).status).toBe(403);
      expect((await ctx.w.http.get(`/kpi?${MARCH}`)).status).toBe(401);
    });
  });

  describe('bad input', () => {
    it.each([
      ['groupBy=team', 'KPI.UNKNOWN_DIMENSION'],
      ['period=fortnight', 'KPI.UNKNOWN_DIMENSION'],
      ['kpis=received,happiness', 'KPI.UNKNOWN_KPI'],
      ['period=custom&from=2025-03-10&to=2025-03-01', 'KPI.BAD_RANGE'],
      ['period=custom&from=2025-03-10&to=2025-03-10', 'KPI.BAD_RANGE'],
      ['period=custom&from=2022-01-01&to=2025-03-01', 'KPI.BAD_RANGE'],
      ['period=month&from=2099-01-01', 'KPI.BAD_RANGE'],
      ['period=custom&from=2025-02-30&to=2025-03-10', 'KPI.BAD_RANGE'],
      ['period=custom&from=2025-03-01', 'KPI.BAD_RANGE'],
      ['unitId=999999', 'KPI.UNKNOWN_VALUE'],
      ['channel=pigeon', 'KPI.UNKNOWN_VALUE'],
      ['unitId=abc', 'REQUEST.VALIDATION_FAILED'],
      ['colour=red', 'REQUEST.VALIDATION_FAILED'],
    ])('%s → 400 %s', async (query, code) => {
      const res = await as('manager').get(`/kpi?${query}`);
      expect(res).toMatchObject({ status: 400, body: { code } });
    });

    it('refuses an unknown KPI or dimension in a league table', async () => {
      expect((await as('manager').get(`/kpi/league?${MARCH}&kpi=happiness`)).body.code).toBe('KPI.UNKNOWN_KPI');
      expect((await as('manager').get(`/kpi/league?${MARCH}&kpi=received&by=period`)).body.code).toBe('KPI.UNKNOWN_DIMENSION');
      expect((await as('manager').get(`/kpi/league?${MARCH}`)).body.code).toBe('REQUEST.VALIDATION_FAILED');
    });
  });

  describe('the rollup follows the orders through the real API', () => {
    /** What the worker does for every order event (outbox → KpiEvents.onOrderEvent), run here in order. */
    let seen = '0';
    const relay = async () => {
      const events = (await ctx.ds.query(
        `SELECT id, aggregate_id FROM outbox_event WHERE id > $1 AND type IN ('ticket.created', 'ticket.changed') ORDER BY id`,
        [seen],
      )) as { id: string; aggregate_id: string }[];
      const kpi = ctx.sys.api.get(KpiEvents);
      for (const e of events) await kpi.onOrderEvent(String(e.aggregate_id));
      if (events.length) seen = String(events[events.length - 1].id);
      return events.length;
    };
    const reconcile = () => ctx.sys.api.get(KpiReconciler).run({ limit: 20 });

    beforeAll(async () => {
      const last = await ctx.ds.query(`SELECT coalesce(max(id), 0) AS id FROM outbox_event`);
      seen = String(last[0].id);
    });

    it('stays equal to the recount after reopen, extension, merge, return and moving between units', async () => {
      const { d, w } = ctx;
      const { district, district2 } = w.units;
      const dueOf = async (id: string) => (await d.detail('dispatcher', id)).deadlines.dueAt as string;

      // A duplicate merged into an order not yet dispatched: it follows the order when it is dispatched.
      const parent = await d.register();
      const dup = await d.register();
      await d.must('agent', dup.id, 'merge', { parent: parent.id });
      await d.must('agent', parent.id, 'submit');
      await relay();
      const before = await get('manager', `${today()}&groupBy=unit&kpis=received,repeatRate`);
      expect(rowOf(before, null).kpis.received.value).toBeGreaterThanOrEqual(2);
      await d.must('dispatcher', parent.id, 'dispatch', { leadUnitId: district2.id });
      expect(await relay()).toBeGreaterThan(0);
      const after = await get('manager', `${today()}&groupBy=unit&kpis=received,repeatRate`);
      expect(values(rowOf(after, district2.id))).toEqual({ received: 2, repeatRate: 0.5 });

      // Reopened after a close: a second round with its own deadline.
      const reopened = await d.inState('in_progress');
      await d.must('handlerDistrict', reopened.id, 'record-contact');
      await d.must('handlerDistrict', reopened.id, 'reply', { result: 'resolved', replyText: '已处理' });
      await d.must('supervisor', reopened.id, 'accept-reply');
      await d.must('supervisor', reopened.id, 'close', { reason: '诉求人电话无人接听，结案' });
      await d.must('supervisor', reopened.id, 'reopen', { reason: '诉求人反映问题仍未解决' });
      await d.must('handlerDistrict', reopened.id, 'reply', { result: 'resolved', replyText: '再次处理完毕' });

      // An approved extension; an urge.
      const extended = await d.inState('extension_requested');
      const newDue = (await d.detail('dispatcher', extended.id)).pendingRequest.newDueAt;
      await d.must('supervisor', extended.id, 'approve-extension');
      expect(await dueOf(extended.id)).toBe(newDue);
      await d.must('supervisor', extended.id, 'urge', { opinion: '请加快办理' });

      // Returned by the district and re-dispatched to the second district at once.
      const moved = await d.inState('return_requested');
      await d.must('dispatcher', moved.id, 'approve-return', { leadUnitId: district2.id });
      await d.must('handlerDistrict2', moved.id, 'sign');

      // Closed at first contact.
      const first = await d.register();
      await d.must('agent', first.id, 'close-first-contact', { answer: '已按知识库答复' });

      await relay();
      // The callbacks module records outcomes in callback_task; here written directly, then announced.
      await data.callback(reopened.id, {
        unit_id: district.id,
        due_at: new Date(),
        reached: true,
        resolved: 'resolved',
        satisfaction: 'satisfied',
      });
      await ctx.sys.api.get(KpiEvents).onCallbackChanged(reopened.id);

      const r = await reconcile();
      expect({ orders: r.ordersDiffering, cells: r.rollupDifferences, samples: r.orderSamples }).toEqual({
        orders: 0,
        cells: 0,
        samples: [],
      });

      const t = await get('manager', `${today()}&groupBy=unit&kpis=received,urgedCount,satisfactionRate`);
      expect(rowOf(t, district2.id).kpis.received.value).toBe(3);
      expect(rowOf(t, district.id).kpis.urgedCount.value).toBe(1);
      expect(rowOf(t, district.id).kpis.satisfactionRate.value).toBe(1);
      // Open rounds are not late before their deadline's date has passed; the moved order's first round is gone.
      const month = await get('manager', `period=month&unitId=${district.id}&kpis=overdueCount,onTimeCompletionRate`);
      expect(month.total.kpis.overdueCount.value).toBe(0);
    });

    it('is idempotent: the same events again change nothing', async () => {
      const snapshot = () =>
        ctx.ds.query(
          `SELECT * FROM kpi_daily ORDER BY grain, day, unit_id, district_id, street_id, category_id, channel, hotline_id, cannot_do`,
        );
      const a = await snapshot();
      const ids = (await ctx.ds.query(`SELECT DISTINCT aggregate_id FROM outbox_event`)) as { aggregate_id: string }[];
      for (const { aggregate_id } of ids) await ctx.sys.api.get(KpiEvents).onOrderEvent(String(aggregate_id));
      expect(await snapshot()).toEqual(a);
    });

    it('reports every difference when the rollup drifts, and fixes it with --fix', async () => {
      const { district } = ctx.w.units;
      await ctx.ds.query(`UPDATE kpi_daily SET due_ok = due_ok + 1 WHERE grain = 1 AND day = '2025-03-11' AND unit_id = $1`, [district.id]);
      await ctx.ds.query(`UPDATE kpi_order_contribution SET facts = '{}' WHERE ticket_id = $1`, [march.ids.O9]);
      const r = await reconcile();
      expect(r.orderSamples).toEqual([{ ticketId: march.ids.O9, lagging: false }]);
      expect(r.differences).toContainEqual(
        expect.objectContaining({ grain: 1, day: '2025-03-11', unitId: district.id, counter: 'due_ok', stored: 2, recount: 1 }),
      );
      expect(r.rollupDifferences).toBe(1);
      await ctx.ds.query(`UPDATE call_record SET answered_at = NULL, abandoned_at = started_at WHERE call_id LIKE $1 AND started_at = $2`, [
        `kpi-${ctx.w.tag}-%`,
        local('2025-03-03 10:00'),
      ]);
      const calls = await reconcile();
      expect(calls.callDifferences).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ day: '2025-03-03', hotlineId: data.hotlineId, counter: 'answered', stored: 1, recount: 0 }),
        ]),
      );
      expect((await ctx.sys.api.get(KpiReconciler).run({ fix: true })).fixed).toBe(true);
      const clean = await reconcile();
      expect([clean.ordersDiffering, clean.rollupDifferences, clean.callDifferences.length]).toEqual([0, 0, 0]);
      expect((await get('manager', `${MARCH}&kpis=connectionRate`)).total.kpis.connectionRate.value).toBe(0.7);
    });
  });

  describe('phone figures of the last days', () => {
    it('reads them from call_record itself (not yet settled)', async () => {
      const now = new Date();
      await data.call(new Date(now.getTime() - 60_000), 4);
      await data.call(new Date(now.getTime() - 30_000), null);
      const t = await get('manager', `${today()}&kpis=connectionRate,answer15Rate&hotline=${data.hotlineNumber}`);
      expect(t.total.kpis.connectionRate).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
      expect(t.total.kpis.answer15Rate).toMatchObject({ value: 1 });
      const board = await ctx.sys.api.get(LiveBoardService).figures(now);
      expect(board.callsToday.offered).toBeGreaterThanOrEqual(2);
    });
  });
});

function today(): string {
  return `period=day&from=${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}`;
}
