import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { io, Socket } from 'socket.io-client';
import { KpiReconciler } from '../../libs/kpi/src/kpi-reconcile';
import { ReportGenerator } from '../../libs/reports/src/jobs/report-generator';
import { rebuildTermRollup } from '../../libs/reports/src/keywords';
import { maskPersonalData } from '../../libs/reports/src/render/redact';
import { ReportModel, ReportTable, allTables, resolveFigureRef, toCell } from '../../libs/reports/src/render/report-model';
import { rebuildReportRollup, recountReportRollup } from '../../libs/reports/src/rollup/report-rollup';
import { KpiDataset, local } from '../factories/kpi-dataset';
import { PASSWORD } from '../factories/world.factory';
import { waitFor } from '../setup/redis-server';
import { useWorld } from '../setup/world-system';

const TZ = 'Asia/Shanghai';

/**
 * The hotspot report end to end, on real PostgreSQL and Redis with the real worker: a known dataset of
 * two years, a job started through the API with its progress over socket.io, every figure checked
 * against a raw SQL recount of the orders, the review and publish workflow, the public page, and the
 * refusals.
 */
describe('hotspot report (e2e)', () => {
  const ctx = useWorld({ worker: true });
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);

  /** Citizens' personal data written into the dataset: none of it may reach a published report. */
  const personal: string[] = [];
  const cats: Record<string, number> = {};

  /** Raw recount: top-level orders received in [from, to) (city dates), grouped by an expression. */
  const recount = async (expr: string, from: string, to: string, where = 'true') => {
    const rows = (await ctx.ds.query(
      `SELECT ${expr} AS k, count(*)::int AS n FROM ticket t
       WHERE t.parent_id IS NULL AND t.received_at >= ($1::date::timestamp AT TIME ZONE '${TZ}') AND t.received_at < ($2::date::timestamp AT TIME ZONE '${TZ}') AND ${where}
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      [from, to],
    )) as { k: string | number | null; n: number }[];
    return new Map(rows.map((r) => [String(r.k), r.n]));
  };

  const runJob = async (body: Record<string, unknown>, who: keyof typeof ctx.w.tokens = 'manager') => {
    const res = await as(who).post('/reports/jobs', body);
    expect(res.status).toBe(202);
    let job = res.body;
    await waitFor(
      async () => {
        job = (await as(who).get(`/reports/jobs/${res.body.id}`)).body;
        return ['done', 'failed', 'cancelled'].includes(job.state);
      },
      'the report job to finish',
      60_000,
    );
    expect(job).toMatchObject({ state: 'done', progress: 100, error: null });
    return job;
  };

  beforeAll(async () => {
    const { ds, w } = ctx;
    const d = new KpiDataset(ds, w);
    await d.hotline();
    // A few categories of our own, so that rankings and year-on-year changes mean something.
    const cat = async (code: string, name: string, level: number, parent: number | null) => {
      const [c] = await ds.query(`INSERT INTO category (code, name, level, parent_id) VALUES ($1, $2, $3, $4) RETURNING id`, [
        `${code}${w.tag}`,
        name,
        level,
        parent,
      ]);
      cats[name] = c.id;
      return c.id as number;
    };
    cats['占道经营'] = w.categories.leaf.id;
    cats['城市管理'] = w.categories.top.id;
    const illegal = await cat('R0102', '违法建设', 3, w.categories.mid.id);
    const eco = await cat('R02', '生态环境', 1, null);
    const noise = await cat('R0201', '噪声', 2, eco);
    const night = await cat('R020101', '夜间施工噪声', 3, noise);
    const housing = await cat('R03', '住房保障', 1, null);
    const estate = await cat('R0301', '物业', 2, housing);
    const service = await cat('R030101', '物业服务', 3, estate);
    await ds.query(`UPDATE unit SET region_id = $2 WHERE id = $1`, [w.units.district.id, w.regions.district.id]);
    await ds.query(`UPDATE unit SET region_id = $2 WHERE id = $1`, [w.units.district2.id, w.regions.district2.id]);

    // Two years. 违法建设 falls 50 → 11 (−78%), 夜间施工噪声 40 → 30 (−25%), 物业服务 30 → 80, 占道经营 80 → 119.
    const plan: [number, number, number][] = [
      [2024, illegal, 50],
      [2025, illegal, 11],
      [2024, night, 40],
      [2025, night, 30],
      [2024, service, 30],
      [2025, service, 80],
      [2024, w.categories.leaf.id, 80],
      [2025, w.categories.leaf.id, 119],
    ];
    const channels = ['phone', 'phone', 'wechat', 'web', 'mailbox', 'app'];
    const types = ['complaint', 'complaint', 'consultation', 'help', 'report', 'suggestion'];
    let i = 0;
    for (const [year, category, n] of plan) {
      for (let k = 0; k < n; k++, i++) {
        const month = 1 + ((k * 7 + i) % 12);
        const day = 1 + ((k * 11) % 28);
        const second = k % 3 === 0;
        const channel = channels[(i + k) % channels.length];
        const name = `市民${String.fromCharCode(0x4e00 + i)}${String.fromCharCode(0x4e10 + k)}`;
        const phone = `139${String(10000000 + i * 37).slice(-8)}`;
        const address = `测试路${100 + i}号${1 + (k % 9)}栋`;
        personal.push(name, phone, address);
        const closed = k % 4 !== 1;
        await d.order({
          received_at: local(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${k % 2 ? '23:40' : '00:20'}`),
          category_id: category,
          channel,
          hotline_id: channel === 'phone' ? d.hotlineId : null,
          appeal_type: types[(i * 5 + k) % types.length],
          district_id: second ? w.regions.district2.id : w.regions.district.id,
          street_id: second ? w.regions.street2.id : w.regions.street.id,
          lead_unit_id: k % 5 === 0 ? null : second ? w.units.district2.id : w.units.district.id,
          state: closed ? 'closed' : 'in_progress',
          closure_kind: closed ? (k % 5 === 0 ? 'first_contact' : 'handled') : null,
          supervised: k % 13 === 0,
          urge_count: k % 6 === 0 ? 1 + (k % 4) : 0,
          reopen_round: k % 17 === 0 ? 1 : 0,
          citizen_name: name,
          citizen_phone: phone,
          address,
          title: `${name}反映${address}问题`,
          content: `诉求人${name}（电话${phone}）反映：${address}附近${k % 2 ? '夜间施工噪声扰民' : '违法建设与占道经营'}，请尽快处理。`,
        });
      }
    }
    // Repeats: duplicates merged into orders of 2025 (the most repeated becomes a suggested typical case).
    const parents = (await ds.query(
      `SELECT id, lead_unit_id FROM ticket WHERE category_id = $1 AND received_at >= $2 AND lead_unit_id IS NOT NULL ORDER BY id LIMIT 2`,
      [service, local('2025-01-01 00:00')],
    )) as { id: string }[];
    for (const [p, n] of [
      [parents[0].id, 3],
      [parents[1].id, 1],
    ] as const) {
      for (let k = 0; k < n; k++) {
        await d.order({
          received_at: local('2025-06-10 10:00'),
          category_id: service,
          merged_into_id: p,
          state: 'merged',
          lead_unit_id: null,
          citizen_name: '重复诉求人',
          citizen_phone: '13700001111',
          content: '同一小区物业服务问题，再次反映。',
        });
      }
    }
    personal.push('重复诉求人', '13700001111');
    // Orders written straight into the tables had no events: fill the rollups, as after a seed or an import.
    await rebuildReportRollup(ds, { timezone: TZ });
    await rebuildTermRollup(ds, { timezone: TZ });
    await ctx.sys.api.get(KpiReconciler).run({ fix: true, limit: 1 });
  }, 120_000);

  describe('a city report for 2025, generated by the worker', () => {
    let job: any;
    let version: { figures: any; model: ReportModel };
    const progress: { progress: number; state: string; stage: string }[] = [];

    beforeAll(async () => {
      const socket = io(ctx.sys.baseUrl, { auth: { token: ctx.w.tokens.manager }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.on('report.progress', (p) => progress.push(p));
      job = await runJob({ scope: 'city', period: 'year', year: 2025 });
      version = (await as('manager').get(`/reports/${job.reportId}/versions/${job.reportVersion}`)).body;
      await waitFor(() => progress.some((p) => p.state === 'done'), 'the last progress message');
    }, 90_000);

    it('reports progress over socket.io, in stages, up to 100%', () => {
      expect(progress.length).toBeGreaterThanOrEqual(5);
      const values = progress.map((p) => p.progress);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
      expect(progress[0]).toMatchObject({ state: 'running' });
      expect(progress.at(-1)).toMatchObject({ state: 'done', progress: 100, reportId: job.reportId });
      expect(new Set(progress.map((p) => p.stage))).toEqual(
        new Set(['figures.orders', 'figures.kpi', 'figures.text', 'model', 'render', 'store', 'done']),
      );
    });

    it('counts every total, in each of the three periods, as a recount of the orders does', async () => {
      const f = version.figures;
      for (const [key, range] of [
        ['current', ['2025-01-01', '2026-01-01']],
        ['previous', ['2024-01-01', '2025-01-01']],
        ['lastYear', ['2024-01-01', '2025-01-01']],
      ] as const) {
        const [raw] = await ctx.ds.query(
          `SELECT count(*)::int AS received,
             count(*) FILTER (WHERE merged_into_id IS NULL AND coalesce(closure_kind, '') NOT IN ('not_accepted', 'transferred'))::int AS accepted,
             count(*) FILTER (WHERE merged_into_id IS NOT NULL)::int AS merged,
             count(*) FILTER (WHERE merged_into_id IS NULL AND closure_kind = 'first_contact')::int AS "firstContact",
             count(*) FILTER (WHERE merged_into_id IS NULL AND state IN ('closed', 'archived'))::int AS closed,
             count(*) FILTER (WHERE merged_into_id IS NULL AND supervised)::int AS supervised,
             count(*) FILTER (WHERE urge_count > 0)::int AS urged,
             count(*) FILTER (WHERE reopen_round > 0)::int AS reopened
           FROM ticket WHERE parent_id IS NULL AND received_at >= ($1::date::timestamp AT TIME ZONE '${TZ}') AND received_at < ($2::date::timestamp AT TIME ZONE '${TZ}')`,
          [...range],
        );
        expect(f.totals[key]).toEqual(raw);
      }
      expect(f.totals.current.received).toBe(11 + 30 + 80 + 119 + 4);
      expect(f.totals.lastYear.received).toBe(50 + 40 + 30 + 80);
    });

    it('puts each order in its month by the city clock (00:20 on the 1st is that month, though UTC still says the one before)', async () => {
      const raw = await recount(`to_char(t.received_at AT TIME ZONE '${TZ}', 'YYYY-MM')`, '2025-01-01', '2026-01-01');
      const rawLast = await recount(`to_char(t.received_at AT TIME ZONE '${TZ}', 'YYYY-MM')`, '2024-01-01', '2025-01-01');
      expect(version.figures.monthly).toHaveLength(12);
      for (const m of version.figures.monthly) {
        expect(m.current).toBe(raw.get(m.month) ?? 0);
        expect(m.lastYear).toBe(rawLast.get(`2024-${m.month.slice(5)}`) ?? 0);
      }
    });

    it('cuts by channel, appeal type, district, street and category level, ranked as the recount ranks them', async () => {
      const f = version.figures;
      const check = async (rows: { key: string; current: number; lastYear: number }[], expr: string, where = 'true') => {
        const cur = await recount(expr, '2025-01-01', '2026-01-01', where);
        const last = await recount(expr, '2024-01-01', '2025-01-01', where);
        const current = rows.filter((r) => r.current > 0);
        expect(current.map((r) => [r.key, r.current])).toEqual(
          [...cur.entries()]
            .map(([k, n]) => [k, n])
            .sort((a, b) => +b[1] - +a[1] || rows.findIndex((r) => r.key === a[0]) - rows.findIndex((r) => r.key === b[0])),
        );
        for (const r of rows) expect([r.key, r.current, r.lastYear]).toEqual([r.key, cur.get(r.key) ?? 0, last.get(r.key) ?? 0]);
        // Ranked by this year's count, largest first.
        const counts = current.map((r) => r.current);
        expect([...counts].sort((a, b) => b - a)).toEqual(counts);
      };
      await check(f.channels, 't.channel');
      await check(f.appealTypes, 't.appeal_type');
      await check(f.districts, 'coalesce(t.district_id, 0)');
      await check(f.hotlines, 't.hotline_id', `t.channel = 'phone' AND t.hotline_id IS NOT NULL`);
      const level = (n: number) => f.categories.filter((c: { level: number }) => c.level === n);
      await check(level(3), 't.category_id');
      await check(
        level(1),
        `(WITH RECURSIVE up AS (SELECT id, parent_id, level FROM category WHERE id = t.category_id
           UNION ALL SELECT c.id, c.parent_id, c.level FROM category c JOIN up ON c.id = up.parent_id) SELECT id FROM up WHERE level = 1)`,
      );
      const streets = await recount('t.street_id', '2025-01-01', '2026-01-01');
      expect(
        Object.fromEntries(
          f.streets.filter((s: { current: number }) => s.current).map((s: { key: string; current: number }) => [s.key, s.current]),
        ),
      ).toEqual(Object.fromEntries(streets));
    });

    it('prints the year-on-year changes and ranks exactly, and writes findings that point at their figures', () => {
      const { model } = version;
      const l3 = allTables(model).find((t) => t.table.id === 'categories-l3')!.table;
      const rowOf = (t: ReportTable, name: string) => t.rows.find((r) => Object.values(r).some((v) => toCell(v).value === name))!;
      const yoyOf = (t: ReportTable, name: string) => {
        const col = t.columns.find((c) => c.format === 'change' && /同比/.test(c.header))!;
        return toCell(rowOf(t, name)[col.key]).value as number;
      };
      expect(yoyOf(l3, '违法建设')).toBeCloseTo((11 - 50) / 50, 10);
      expect(yoyOf(l3, '夜间施工噪声')).toBeCloseTo((30 - 40) / 40, 10);
      expect(yoyOf(l3, '物业服务')).toBeCloseTo((84 - 30) / 30, 10);
      // Ranked by count: 占道经营 119, 物业服务 84, 夜间施工噪声 30, 违法建设 11.
      const names = l3.rows.map((r) =>
        Object.values(r)
          .map((v) => toCell(v).value)
          .find((v) => typeof v === 'string' && ['占道经营', '物业服务', '夜间施工噪声', '违法建设'].includes(v)),
      );
      expect(names).toEqual(['占道经营', '物业服务', '夜间施工噪声', '违法建设']);

      const findings = model.sections.find((s) => s.key === 'findings')!.findings!;
      expect(findings.length).toBeGreaterThan(3);
      for (const f of findings) if (f.figureRef) expect(resolveFigureRef(model, f.figureRef)).toBeDefined();
      const drop = findings.find((f) => f.text.includes('违法建设') && f.text.includes('78.0%'));
      expect(drop).toBeDefined();
      const cell = resolveFigureRef(model, drop!.figureRef!)!.cell;
      expect(cell.value).toBeCloseTo(-0.78, 10);
      expect(cell.trace).toMatchObject({ numerator: 11, denominator: 50 });
    });

    it('suggests the most repeated and most urged matters as typical cases, without personal data', () => {
      const cases = version.figures.caseSuggestions as { reason: string; count: number }[];
      expect(cases[0]).toMatchObject({ reason: 'repeated', count: 3 });
      expect(cases.some((c) => c.reason === 'urged')).toBe(true);
      const text = JSON.stringify(version.model);
      for (const p of personal) expect(text).not.toContain(p);
    });

    it('stores every output: HTML with SVG charts, PDF, an XLSX appendix and one CSV per table', async () => {
      const detail = (await as('manager').get(`/reports/${job.reportId}`)).body;
      expect(detail).toMatchObject({ state: 'draft', version: 1, scope: { level: 'city' }, period: { label: '2025年' } });
      const names = detail.files.map((f: { name: string }) => f.name);
      expect(names).toEqual(expect.arrayContaining(['report.html', 'report.pdf', 'report.xlsx']));
      expect(names.filter((n: string) => n.startsWith('csv/')).length).toBe(allTables(version.model).length);
      const file = (name: string) =>
        fetch(`${ctx.sys.baseUrl}/reports/${job.reportId}/file?name=${encodeURIComponent(name)}`, {
          headers: { authorization: `Bearer ${ctx.w.tokens.manager}` },
        });
      const html = await (await file('report.html')).text();
      expect(html).toContain('<svg');
      expect(html).toContain('违法建设');
      const pdf = Buffer.from(await (await file('report.pdf')).arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const xlsx = Buffer.from(await (await file('report.xlsx')).arrayBuffer());
      expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    });

    it('goes from draft to reviewed to published; edits make a new draft version; the public page has no personal data', async () => {
      const id = job.reportId;
      const unreviewed = await as('manager').post(`/reports/${id}/publish`, {});
      expect(unreviewed.status).toBe(409);
      expect(unreviewed.body.code).toBe('REPORT.NOT_REVIEWED');
      expect((await fetch(`${ctx.sys.baseUrl}/public/reports/${id}`)).status).toBe(404);

      const edited = await as('manager').request('PATCH', `/reports/${id}`, {
        expectedVersion: 1,
        findings: [
          { text: '违法建设类诉求同比下降78.0%，整治成效明显。', figureRef: { tableId: 'categories-l3', row: '违法建设', column: 'yoy' } },
        ],
        cases: [
          {
            title: '某小区物业服务问题',
            category: '住房保障 > 物业 > 物业服务',
            paragraphs: ['市民多次反映小区物业服务问题，联系电话13912345678。'],
          },
        ],
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ state: 'draft', version: 2 });
      const stale = await as('manager').post(`/reports/${id}/review`, { version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('REPORT.STALE_VERSION');
      const reviewed = await as('manager').post(`/reports/${id}/review`, { version: 2 });
      expect(reviewed.body).toMatchObject({ state: 'reviewed', version: 2 });
      const published = await as('manager').post(`/reports/${id}/publish`, {});
      expect(published.body).toMatchObject({ state: 'published', publishedVersion: 2 });

      const list = await (await fetch(`${ctx.sys.baseUrl}/public/reports`)).json();
      expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ id, period: '2025年' })]));
      const page = await fetch(`${ctx.sys.baseUrl}/public/reports/${id}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('整治成效明显');
      expect(html).toContain('某小区物业服务问题');
      // The manager's case text carried a phone number: masked on the way out.
      expect(html).not.toContain('13912345678');
      expect(html).toContain(maskPersonalData('13912345678'));
      for (const p of personal) expect(html).not.toContain(p);
      expect(html).not.toMatch(/1[3-9]\d{9}/);
      const pdf = await fetch(`${ctx.sys.baseUrl}/public/reports/${id}/report.pdf`);
      expect(pdf.status).toBe(200);
      const hidden = await fetch(`${ctx.sys.baseUrl}/public/reports/${id}/csv%2Foverview-totals.csv`);
      expect(hidden.status).toBe(404);
    });
  });

  describe('bad input: a clear error, and nothing started', () => {
    const jobs = async () => Number((await ctx.ds.query(`SELECT count(*)::int AS n FROM report_job`))[0].n);

    it('refuses a period with no data, a future period, an unknown scope and a bad index', async () => {
      const before = await jobs();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ scope: 'city', period: 'year', year: 2019 }, 422, 'REPORT.NO_DATA'],
        [{ scope: 'city', period: 'year', year: 2099 }, 422, 'REPORT.FUTURE_PERIOD'],
        [{ scope: 'city', period: 'quarter', year: 2025, index: 5 }, 400, 'REPORT.BAD_PERIOD'],
        [{ scope: 'city', period: 'month', year: 2025 }, 400, 'REPORT.BAD_PERIOD'],
        [{ scope: 'district', period: 'year', year: 2025 }, 400, 'REPORT.BAD_SCOPE'],
        [{ scope: 'district', scopeId: 999999, period: 'year', year: 2025 }, 400, 'REPORT.BAD_SCOPE'],
        [{ scope: 'galaxy', period: 'year', year: 2025 }, 400, 'REQUEST.VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await as('manager').post('/reports/jobs', body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
        expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
      expect(await jobs()).toBe(before);
    });

    it('refuses a scope the user may not see: a district manager gets their district only', async () => {
      const { ds, w } = ctx;
      await ds.query(
        `INSERT INTO app_user (username, display_name, password_hash, role, unit_id) SELECT $1, '区领导', password_hash, 'manager', $2 FROM app_user WHERE id = $3`,
        [`dmanager_${w.tag}`, w.units.district.id, w.users.manager.id],
      );
      const login = await w.http.post('/auth/login', { username: `dmanager_${w.tag}`, password: PASSWORD });
      const dm = w.http.as(login.body.accessToken);
      const before = await jobs();
      for (const body of [
        { scope: 'city', period: 'year', year: 2025 },
        { scope: 'district', scopeId: w.regions.district2.id, period: 'year', year: 2025 },
        { scope: 'unit', scopeId: w.units.district2.id, period: 'year', year: 2025 },
      ]) {
        const res = await dm.post('/reports/jobs', body);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'REPORT.SCOPE_NOT_VISIBLE' });
      }
      expect((await as('handlerDistrict').post('/reports/jobs', { scope: 'city', period: 'year', year: 2025 })).status).toBe(403);
      expect(await jobs()).toBe(before);
      // Their own district works, and sees only its own orders.
      const res = await dm.post('/reports/jobs', {
        scope: 'district',
        scopeId: w.regions.district.id,
        period: 'half',
        year: 2025,
        index: 1,
      });
      expect(res.status).toBe(202);
      let job = res.body;
      await waitFor(async () => (job = (await dm.get(`/reports/jobs/${res.body.id}`)).body).state === 'done', 'the district job', 60_000);
      const v = (await dm.get(`/reports/${job.reportId}/versions/1`)).body;
      const raw = await recount('1', '2025-01-01', '2025-07-01', `t.district_id = ${w.regions.district.id}`);
      expect(v.figures.totals.current.received).toBe(raw.get('1'));
      expect(v.figures.districts.map((r: { key: string }) => r.key)).toEqual([String(w.regions.district.id)]);
      // The city report is not theirs to read either.
      const theirs = (await dm.get('/reports')).body as { id: string; scope: { level: string } }[];
      expect(theirs.map((r) => r.id)).toContain(job.reportId);
      expect(theirs.every((r) => r.scope.level !== 'city')).toBe(true);
    });

    it('runs one job per scope and period: asking again returns the job already running', async () => {
      const body = { scope: 'city', period: 'quarter', year: 2025, index: 2 };
      const [a, b] = await Promise.all([as('manager').post('/reports/jobs', body), as('manager').post('/reports/jobs', body)]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([202, 409]);
      const started = a.status === 202 ? a.body : b.body;
      const refused = a.status === 409 ? a.body : b.body;
      expect(refused.code).toBe('REPORT.JOB_RUNNING');
      expect(refused.details.job.id).toBe(started.id);
      const first = await waitForState(started.id, 'done');
      // Once it is done, the same report can be generated again: a new version of the same report.
      const again = await runJob(body);
      expect(again.reportId).toBe(first.reportId);
      expect(again.reportVersion).toBe(2);
    });

    it('cancels a queued job at once and a running one at its next stage, storing nothing', async () => {
      // The worker is kept off the queue, so that the job waits (queued) and then runs here, stage by stage.
      const queue = ctx.sys.worker!.get<Queue>(getQueueToken('reports'));
      await queue.pause(false);
      try {
        const res = await as('manager').post('/reports/jobs', { scope: 'city', period: 'month', year: 2025, index: 3 });
        expect(res.status).toBe(202);
        const cancelled = await as('manager').post(`/reports/jobs/${res.body.id}/cancel`, {});
        expect(cancelled.body).toMatchObject({ state: 'cancelled', reportId: null });
        const twice = await as('manager').post(`/reports/jobs/${res.body.id}/cancel`, {});
        expect(twice.status).toBe(409);
        expect(twice.body.code).toBe('REPORT.JOB_FINISHED');
        expect(await ctx.sys.api.get(ReportGenerator).run(res.body.id)).toBeNull();

        const running = await as('manager').post('/reports/jobs', { scope: 'city', period: 'quarter', year: 2025, index: 3 });
        expect(running.status).toBe(202);
        const stages: string[] = [];
        const result = await ctx.sys.api.get(ReportGenerator).run(running.body.id, async (row) => {
          stages.push(row.stage);
          if (row.stage === 'figures.kpi')
            expect((await as('manager').post(`/reports/jobs/${running.body.id}/cancel`, {})).body.state).toBe('running');
        });
        expect(result).toMatchObject({ state: 'cancelled', report_id: null });
        expect(stages).toEqual(['figures.orders', 'figures.kpi', 'cancelled']);
        const [r] = await ctx.ds.query(`SELECT count(*)::int AS n FROM report WHERE period_from = '2025-07-01'`);
        expect(r.n).toBe(0);
      } finally {
        await queue.resume(false);
      }
    });

    it('puts a job back on the queue when its worker stopped sending heartbeats', async () => {
      const res = await as('manager').post('/reports/jobs', { scope: 'city', period: 'month', year: 2025, index: 6 });
      await waitFor(async () => (await as('manager').get(`/reports/jobs/${res.body.id}`)).body.state === 'done', 'the June job', 60_000);
      // Simulate a crash mid-job: running, last heartbeat long ago.
      await ctx.ds.query(
        `UPDATE report_job SET state = 'running', stage = 'render', heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
        [res.body.id],
      );
      const { ReportJobSweeper } = await import('../../apps/worker/src/reports/report-jobs.processor');
      const sweeper = ctx.sys.worker!.get(ReportJobSweeper);
      // One sweep puts it back (retried only if the worker's own timer was sweeping at that moment).
      await waitFor(async () => (await sweeper.sweep()) === 1, 'the sweeper to put the stalled job back');
      const job = await waitForState(res.body.id, 'done');
      expect(job.reportVersion).toBe(2);
    });
  });

  const waitForState = async (id: string, state: string) => {
    let job: any;
    await waitFor(async () => (job = (await as('manager').get(`/reports/jobs/${id}`)).body).state === state, `job ${id} ${state}`, 60_000);
    return job;
  };

  describe('the rollups follow the orders through the real API', () => {
    it('stay equal to a raw recount after merge, moving between units, reopen and first-contact closure', async () => {
      const { d, w } = ctx;
      const parent = await d.register();
      const dup = await d.register();
      await d.must('agent', dup.id, 'merge', { parent: parent.id });
      await d.must('agent', parent.id, 'submit');
      await d.must('dispatcher', parent.id, 'dispatch', { leadUnitId: w.units.district2.id });
      const moved = await d.inState('return_requested');
      await d.must('dispatcher', moved.id, 'approve-return', { leadUnitId: w.units.district2.id });
      const reopened = await d.inState('in_progress');
      await d.must('handlerDistrict', reopened.id, 'record-contact');
      await d.must('handlerDistrict', reopened.id, 'reply', { result: 'resolved', replyText: '已处理' });
      await d.must('supervisor', reopened.id, 'accept-reply');
      await d.must('supervisor', reopened.id, 'close', { reason: '诉求人电话无人接听，结案' });
      await d.must('supervisor', reopened.id, 'reopen', { reason: '诉求人反映问题仍未解决' });
      const first = await d.register();
      await d.must('agent', first.id, 'close-first-contact', { answer: '已按知识库答复' });
      // The worker applies every order event; wait until it has handled them all.
      await waitFor(
        async () => Number((await ctx.ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE processed_at IS NULL`))[0].n) === 0,
        'the worker to handle every order event',
        30_000,
      );
      expect(await recountReportRollup(ctx.ds, TZ)).toEqual([]);
      const [fact] = await ctx.ds.query(`SELECT unit_id, state FROM report_order_fact WHERE ticket_id = $1`, [dup.id]);
      expect(fact).toEqual({ unit_id: w.units.district2.id, state: 'merged' });
    });

    it('marks a report of the month still running as counted to today, and counts this month’s orders', async () => {
      // The orders of the test above were received today, in the city's month that has not ended.
      const [{ today }] = await ctx.ds.query(`SELECT to_char(now() AT TIME ZONE '${TZ}', 'YYYY-MM-DD') AS today`);
      const [year, month] = today.split('-').map(Number);
      const job = await runJob({ scope: 'city', period: 'month', year, index: month });
      const running = (await as('manager').get(`/reports/${job.reportId}/versions/${job.reportVersion}`)).body;
      expect(running.figures.period).toMatchObject({ label: `${year}年${month}月`, through: today });
      const monthStart = `${today.slice(0, 8)}01`;
      const received = await recount(`'all'`, monthStart, running.figures.period.to);
      expect(running.figures.totals.current.received).toBe(received.get('all'));
      const html = await (
        await fetch(`${ctx.sys.baseUrl}/reports/${job.reportId}/file?name=report.html`, {
          headers: { authorization: `Bearer ${ctx.w.tokens.manager}` },
        })
      ).text();
      expect(html).toContain(`数据截至：${today}（本期尚未结束`);
      expect(html).toContain(`${year}年${month}月（截至${today}），本市12345热线共受理群众诉求`);
    });
  });
});
