import { User } from '@app/identity';
import { PASSWORD } from '../factories/world.factory';
import { useWorld } from '../setup/world-system';

const PATH = '/reports/history/import';
const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const HEADER = '工单编号,受理时间,来源渠道,诉求类型,事项分类(三级名称或编码),所属区,所属街道,承办单位,办结时间,是否超期,满意度,诉求内容';

/**
 * The legacy import over HTTP, on a database of its own: who may import, how bad input is refused,
 * that a dry run writes nothing, and that a real import reaches the report, keyword and KPI rollups
 * at once and is not repeated by a second upload.
 */
describe('legacy import API (e2e)', () => {
  const ctx = useWorld({ worker: false, ownDatabase: true });
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  let csv: string;

  const counts = async () => {
    const [r] = await ctx.ds.query(
      `SELECT (SELECT count(*) FROM ticket)::int AS tickets, (SELECT count(*) FROM legacy_order_ref)::int AS refs,
        (SELECT coalesce(sum(received), 0) FROM report_daily WHERE grain = 0 AND day >= '2023-01-01' AND day < '2024-01-01')::int AS report,
        (SELECT coalesce(sum(received), 0) FROM kpi_daily WHERE grain = 0 AND day >= '2023-01-01' AND day < '2024-01-01')::int AS kpi,
        (SELECT count(*) FROM report_term_order)::int AS terms`,
    );
    return r as { tickets: number; refs: number; report: number; kpi: number; terms: number };
  };

  beforeAll(() => {
    const { regions, categories, units } = ctx.w;
    // The world's own names: categories by code (the leaf's name is not unique across files), units by name.
    const leaf = categories.leaf.code;
    const dept = units.department.name;
    csv = [
      HEADER,
      `H-1,2023-03-05 09:10,电话,投诉,${leaf},${regions.district.name},${regions.street.name},${dept},2023-03-08 10:00,否,满意,菜市场门口流动摊贩占道经营。行人只能走机动车道`,
      `H-2,2023-06-06 09:00,市长信箱,求助,${leaf},东城,,${dept},2023-06-20 09:00,是,不满意,`,
      // 23:30 in the city is still 31 December: counted in 2023.
      `H-3,2023-12-31 23:30,微信,咨询,${leaf},${regions.district2.name},,,2023-12-31 23:40,否,,`,
      `H-4,2023-08-01 10:00,微信,咨询,没有这个分类,${regions.district.name},,,2023-08-01 10:05,否,,`,
      `H-1,2023-03-05 09:10,电话,投诉,${leaf},${regions.district.name},,${dept},2023-03-08 10:00,否,满意,`,
    ].join('\n');
  });

  it('is for the centre’s admins and managers only', async () => {
    const handler = await as('handlerDistrict').request('POST', `${PATH}?system=old12345`, csv, CSV);
    expect(handler.status).toBe(403);
    expect(handler.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');

    // A manager of a district office is a manager, but not at the centre.
    const { w, ds } = ctx;
    const user = await ds.getRepository(User).save({
      username: `manager_d1_${w.tag}`,
      displayName: '区负责人',
      passwordHash: w.users.manager.passwordHash,
      role: 'manager',
      unitId: w.units.district.id,
    });
    const login = await w.http.post('/auth/login', { username: user.username, password: PASSWORD });
    const district = await w.http.as(login.body.accessToken).request('POST', `${PATH}?system=old12345`, csv, CSV);
    expect(district.status).toBe(403);
    expect(district.body).toMatchObject({ code: 'REPORT.IMPORT_FORBIDDEN', message: expect.stringContaining('热线中心') });
    expect((await counts()).tickets).toBe(0);
  });

  it('refuses bad input with stable codes and Chinese messages', async () => {
    const post = (query: string, body: unknown, headers: Record<string, string> = CSV) =>
      as('admin').request('POST', `${PATH}${query}`, body, headers);
    const cases: [Awaited<ReturnType<typeof post>>, number, string][] = [
      [await post('?system=old 12345', csv), 400, 'REPORT.IMPORT_BAD_SYSTEM'],
      [await post('?system=' + 'x'.repeat(33), csv), 400, 'REPORT.IMPORT_BAD_SYSTEM'],
      [await post('', csv), 400, 'REPORT.IMPORT_BAD_SYSTEM'],
      [await post('?system=old12345', ''), 400, 'REPORT.IMPORT_EMPTY'],
      [await post('?system=old12345', HEADER), 400, 'REPORT.IMPORT_EMPTY'],
      [await post('?system=old12345', '工单编号,受理时间,所属区\nX,2023-01-01,东城区'), 400, 'REPORT.IMPORT_MISSING_COLUMNS'],
      [await post('?system=old12345', `${HEADER}\n"unclosed,2023-01-01`), 400, 'REPORT.IMPORT_UNREADABLE'],
      [await post('?system=old12345', { csv }, { 'content-type': 'application/json' }), 415, 'REPORT.IMPORT_NOT_CSV'],
      [await post('?system=old12345&dryRun=yes', csv), 400, 'REQUEST.VALIDATION_FAILED'],
      [await post('?system=old12345', 'x'.repeat(1024 * 1024 + 1)), 413, 'REQUEST.TOO_LARGE'],
    ];
    expect(cases.map(([res]) => [res.status, res.body.code])).toEqual(cases.map(([, status, code]) => [status, code]));
    expect(cases[0][0].body.message).toContain('原系统简称');
    expect(cases[5][0].body).toMatchObject({
      message: 'CSV 表头缺少必需的列：来源渠道、诉求类型、事项分类、办结时间',
      details: { missingColumns: ['来源渠道', '诉求类型', '事项分类', '办结时间'] },
    });

    // A GBK export (Excel's usual CSV here) is refused by name rather than read as garbage.
    const gbk = Buffer.from([0xb9, 0xa4, 0xb5, 0xa5, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0x41, 0x0a, 0x31, 0x2c, 0x32]); // 工单编号,A\n1,2
    const encoding = await as('admin').request('POST', `${PATH}?system=old12345`, new Uint8Array(gbk), CSV);
    expect([encoding.status, encoding.body.code]).toEqual([400, 'REPORT.IMPORT_BAD_ENCODING']);

    // More rows than a request refreshes: refused before anything is written, pointing to the CLI…
    const many = [HEADER, ...Array.from({ length: 1001 }, (_, i) => `M-${i},2023-01-01,电话,投诉,x,y,,,2023-01-02,否,,`)].join('\n');
    const tooMany = await post('?system=old12345', many);
    expect([tooMany.status, tooMany.body.code, tooMany.body.details]).toEqual([
      400,
      'REPORT.IMPORT_TOO_MANY_ROWS',
      { rows: 1001, max: 1000 },
    ]);
    expect(tooMany.body.message).toContain('npm run import:legacy');
    // …which a dry run may still check.
    expect((await post('?system=old12345&dryRun=true', many)).body).toMatchObject({ dryRun: true, invalid: 1001 });

    // text/csv is taken on this route only.
    const elsewhere = await as('admin').request('POST', '/reports/jobs', csv, CSV);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    expect((await counts()).tickets).toBe(0);
  });

  it('checks a dry run without writing anything', async () => {
    const res = await as('manager').request('POST', `${PATH}?system=old12345&dryRun=true`, csv, CSV);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ system: 'old12345', dryRun: true, missingColumns: [], accepted: 3, duplicate: 1, invalid: 1 });
    expect(res.body.rows.map((r: { legacyNo: string; status: string }) => [r.legacyNo, r.status])).toEqual([
      ['H-1', 'accepted'],
      ['H-2', 'accepted'],
      ['H-3', 'accepted'],
      ['H-4', 'invalid'],
      ['H-1', 'duplicate'],
    ]);
    expect(res.body.rows[3].reasons).toEqual(['未知事项分类: "没有这个分类"']);
    expect(res.body.rows.some((r: { ticketId?: string }) => r.ticketId)).toBe(false);
    expect(await counts()).toEqual({ tickets: 0, refs: 0, report: 0, kpi: 0, terms: 0 });
  });

  it('imports, and the report, keyword and KPI rollups count the orders at once', async () => {
    const res = await as('admin').request('POST', `${PATH}?system=old12345`, csv, CSV);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, accepted: 3, duplicate: 1, invalid: 1 });
    const ids = res.body.rows.filter((r: { status: string }) => r.status === 'accepted').map((r: { ticketId: string }) => r.ticketId);
    expect(ids).toHaveLength(3);

    expect(await counts()).toEqual({ tickets: 3, refs: 3, report: 3, kpi: 3, terms: 3 });
    const days = await ctx.ds.query(
      `SELECT day::text AS day, sum(received)::int AS n FROM report_daily WHERE grain = 0 AND received <> 0 GROUP BY day ORDER BY day`,
    );
    expect(days).toEqual([
      { day: '2023-03-05', n: 1 },
      { day: '2023-06-06', n: 1 },
      { day: '2023-12-31', n: 1 },
    ]);
    const [kpi] = await ctx.ds.query(
      `SELECT sum(due_ok)::int AS due_ok, sum(due_late)::int AS due_late, sum(first_contact)::int AS first_contact
       FROM kpi_daily WHERE grain = 0 AND day >= '2023-01-01' AND day < '2024-01-01'`,
    );
    expect(kpi).toEqual({ due_ok: 1, due_late: 1, first_contact: 1 });
    const [terms] = await ctx.ds.query(`SELECT count(*)::int AS n FROM report_term_monthly WHERE grain = 1 AND month = '2023-03-01'`);
    expect(terms.n).toBeGreaterThan(0);
  });

  it('writes nothing the second time: the rows are reported as already imported', async () => {
    const before = await counts();
    const again = await as('manager').request('POST', `${PATH}?system=old12345`, csv, CSV);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicate: 4, invalid: 1 });
    expect(again.body.rows[0].reasons).toEqual(['已导入过（同一系统的同一工单编号）']);
    expect(await counts()).toEqual(before);

    // A dry run sees the same.
    const dry = await as('manager').request('POST', `${PATH}?system=old12345&dryRun=true`, csv, CSV);
    expect(dry.body).toMatchObject({ dryRun: true, accepted: 0, duplicate: 4, invalid: 1 });
  });
});
