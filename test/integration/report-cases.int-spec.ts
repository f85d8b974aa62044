import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/common/src/database/data-source';
import { runMigrations } from '../../libs/common/src/database/migrate';
import { CaseQuery, suggestCases } from '../../libs/reports/src/cases/case-suggestions';
import { ensureCity } from '../../scripts/seed-year/city';
import { createDatabase, dropDatabase } from '../../scripts/test-database';

interface OrderInput {
  at: string;
  district?: number;
  unit?: number;
  title?: string;
  content?: string;
  reply?: string | null;
  name?: string | null;
  phone?: string | null;
  enterprise?: string | null;
  address?: string | null;
  confidential?: boolean;
  urges?: number;
  mergedInto?: string;
  parent?: string;
}

/** Typical-case suggestions on a migrated database with the demo city and a handful of orders written directly. */
describe('typical-case suggestions', () => {
  const admin = process.env.DATABASE_URL!;
  const name = `${new URL(admin).pathname.slice(1)}_cases`;
  let ds: DataSource;
  let seq = 0;
  let districtA: number;
  let districtB: number;
  let unitCg: number;
  let unitD01: number;
  let category: number;
  const o: Record<string, string> = {};

  // Everything personal the orders below carry; none of it may reach a suggestion.
  const PERSONAL = [
    '王小明',
    '13812345678',
    '1381234',
    '110101199003071234',
    '62345678',
    '滨江市天成科技有限公司',
    '12号',
    '3栋',
    '502室',
    '王先生',
    '李四',
    '13900001111',
    '赵女士',
    '13700002222',
    'zhaonv@example.com',
    '88号',
    '保密诉求',
  ];

  const order = async (x: OrderInput): Promise<string> => {
    seq += 1;
    const [row] = (await ds.query(
      `INSERT INTO ticket (no, state, appeal_type, channel, title, content, received_at, district_id, lead_unit_id, category_id,
         citizen_name, citizen_phone, citizen_enterprise, address, reply_text, confidential, urge_count, merged_into_id, parent_id)
       VALUES ($1, $2, 'complaint', 'phone', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING id::text AS id`,
      [
        `CASES-${seq}`,
        x.mergedInto ? 'merged' : 'in_progress',
        x.title ?? `占道经营问题${seq}`,
        x.content ?? `诉求人反映：某路段占道经营（第${seq}件）。`,
        x.at,
        x.district ?? districtA,
        x.mergedInto ? null : (x.unit ?? unitCg),
        category,
        x.name ?? null,
        x.phone ?? null,
        x.enterprise ?? null,
        x.address ?? null,
        x.reply ?? null,
        x.confidential ?? false,
        x.urges ?? 0,
        x.mergedInto ?? null,
        x.parent ?? null,
      ],
    )) as { id: string }[];
    return row.id;
  };
  const duplicates = async (parent: string, at: string, n: number, who: Partial<OrderInput> = {}) => {
    for (let i = 0; i < n; i++) await order({ at, mergedInto: parent, ...who });
  };

  const YEAR = { from: '2025-01-01', to: '2026-01-01' };
  const suggest = (q: Partial<CaseQuery> = {}) => suggestCases(ds, { scope: { level: 'city' }, ...YEAR, ...q });
  const ranking = (cases: { reason: string; ticketId: string; count: number }[]) => cases.map((c) => [c.reason, c.ticketId, c.count]);

  beforeAll(async () => {
    const url = await createDatabase(admin, name);
    await runMigrations(url);
    await ensureCity(url, () => undefined);
    ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
    await ds.initialize();
    const id = async (sql: string) => Number((await ds.query(sql))[0].id);
    districtA = await id(`SELECT id FROM region WHERE name = '江城区' AND level = 'district'`);
    districtB = await id(`SELECT id FROM region WHERE name = '滨湖区' AND level = 'district'`);
    unitCg = await id(`SELECT id FROM unit WHERE code = 'DEPT-CG'`);
    unitD01 = await id(`SELECT id FROM unit WHERE code = 'D01'`);
    category = await id(`SELECT id FROM category WHERE name = '占道经营' AND level = 3`);

    // Repeated 3 times and urged twice: suggested once, as repeated. Full of personal data.
    o.p1 = await order({
      at: '2025-03-10T10:00:00+08:00',
      title: '王先生反映幸福路12号占道经营',
      content:
        '诉求人王小明（身份证110101199003071234）反映幸福路12号3栋502室楼下滨江市天成科技有限公司占道经营，' +
        '联系电话13812345678，座机010-62345678。另有李四（13900001111）同样反映。',
      reply: '已联系王先生（138 1234 5678），执法人员到幸福路现场处理，已整改。',
      name: '王小明',
      phone: '13812345678',
      enterprise: '滨江市天成科技有限公司',
      address: '幸福路12号3栋502室',
      urges: 2,
    });
    await duplicates(o.p1, '2025-03-10T11:00:00+08:00', 2, { name: '李四', phone: '13900001111' });
    // A duplicate received before its parent still counts.
    await duplicates(o.p1, '2025-03-09T09:00:00+08:00', 1);
    // Received at 00:30 on 1 January in the city (still 2024 in UTC): belongs to 2025.
    o.p3 = await order({
      at: '2025-01-01T00:30:00+08:00',
      content: '赵女士（13700002222，zhaonv@example.com）反映人民路88号门前占道。',
      name: '赵女士',
      phone: '13700002222',
    });
    await duplicates(o.p3, '2025-01-01T08:00:00+08:00', 2);
    o.p2 = await order({ at: '2025-06-01T09:00:00+08:00', district: districtB, unit: unitD01 });
    await duplicates(o.p2, '2025-06-01T10:00:00+08:00', 2);
    // Outside the year on either side, with more duplicates than any order inside it.
    o.before = await order({ at: '2024-12-31T23:30:00+08:00' });
    await duplicates(o.before, '2025-01-02T10:00:00+08:00', 5);
    o.after = await order({ at: '2026-01-01T00:10:00+08:00', urges: 9 });
    await duplicates(o.after, '2026-01-01T10:00:00+08:00', 5);
    // Confidential: never suggested, however repeated and urged.
    o.secret = await order({ at: '2025-05-05T09:00:00+08:00', confidential: true, urges: 9, content: '保密诉求：不得公开。' });
    await duplicates(o.secret, '2025-05-05T10:00:00+08:00', 6);

    o.p7 = await order({ at: '2025-08-01T09:00:00+08:00', urges: 4, reply: '  ' });
    o.p11 = await order({ at: '2025-09-01T09:00:00+08:00', urges: 4, unit: unitD01 });
    o.p8 = await order({ at: '2025-10-01T09:00:00+08:00', urges: 1, district: districtB });
    // Not top-level: a sub-order and a merged duplicate, both urged.
    await order({ at: '2025-08-02T09:00:00+08:00', urges: 7, parent: o.p7 });
    await order({ at: '2025-08-03T09:00:00+08:00', urges: 7, mergedInto: o.p7 });
    await ds.query('ANALYZE ticket');
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(admin, name);
  });

  it('ranks the most repeated, then the most urged, ties by id, each order once', async () => {
    const [first, second] = [o.p2, o.p3].sort((a, b) => Number(a) - Number(b));
    // p7 has one merged duplicate (itself urged, so not a candidate): it is repeated once and thus not under urged.
    expect(ranking(await suggest())).toEqual([
      ['repeated', o.p1, 3],
      ['repeated', first, 2],
      ['repeated', second, 2],
      ['repeated', o.p7, 1],
      ['urged', o.p11, 4],
      ['urged', o.p8, 1],
    ]);
    expect(ranking(await suggest({ limit: 1 }))).toEqual([
      ['repeated', o.p1, 3],
      ['urged', o.p7, 4],
    ]);
  });

  it('fills in the order, category path, district and scrubbed text', async () => {
    const [p1] = await suggestCases(ds.manager, { scope: { level: 'city' }, ...YEAR, limit: 1 });
    expect(p1).toEqual({
      ticketId: o.p1,
      no: expect.stringMatching(/^CASES-/),
      reason: 'repeated',
      count: 3,
      title: '市民反映幸福路占道经营',
      category: '城市管理 > 市容环境 > 占道经营',
      district: '江城区',
      paragraphs: [
        '诉求内容：市民（身份证***）反映幸福路楼下某企业占道经营，联系电话***，座机***。另有市民（***）同样反映。',
        '办理结果：已联系市民（***），执法人员到幸福路现场处理，已整改。',
      ],
    });
  });

  it('keeps the scope: district by the order district, unit by its lead unit', async () => {
    expect(ranking(await suggest({ scope: { level: 'district', id: districtA } }))).toEqual([
      ['repeated', o.p1, 3],
      ['repeated', o.p3, 2],
      ['repeated', o.p7, 1],
      ['urged', o.p11, 4],
    ]);
    expect(ranking(await suggest({ scope: { level: 'district', id: districtB } }))).toEqual([
      ['repeated', o.p2, 2],
      ['urged', o.p8, 1],
    ]);
    expect(ranking(await suggest({ scope: { level: 'unit', id: unitD01 } }))).toEqual([
      ['repeated', o.p2, 2],
      ['urged', o.p11, 4],
    ]);
    expect(await suggest({ scope: { level: 'unit', id: 999_999 } })).toEqual([]);
  });

  it('keeps the period in the city time zone', async () => {
    expect(ranking(await suggest({ from: '2024-01-01', to: '2025-01-01' }))).toEqual([['repeated', o.before, 5]]);
    expect(ranking(await suggest({ from: '2025-01-01', to: '2025-01-02' }))).toEqual([['repeated', o.p3, 2]]);
    expect(ranking(await suggest({ from: '2026-01-01', to: '2026-02-01' }))).toEqual([['repeated', o.after, 5]]);
    expect(ranking(await suggest({ from: '2025-01-01', to: '2025-01-02', timezone: 'UTC' }))).toEqual([]);
  });

  it('lets no personal data and nothing confidential through', async () => {
    const cases = [...(await suggest({ limit: 50 })), ...(await suggest({ from: '2024-01-01', to: '2027-01-01', limit: 50 }))];
    const json = JSON.stringify(cases);
    for (const s of PERSONAL) expect(json).not.toContain(s);
    expect(cases.map((c) => c.ticketId)).not.toContain(o.secret);
    expect(json).toContain('市民');
  });

  it('refuses a malformed period, limit or scope', async () => {
    await expect(suggest({ from: '2025-13-01' })).rejects.toMatchObject({ code: 'REPORT.BAD_PERIOD' });
    await expect(suggest({ from: '2025-02-01', to: '2025-01-01' })).rejects.toMatchObject({ code: 'REPORT.BAD_PERIOD' });
    await expect(suggest({ limit: 0 })).rejects.toMatchObject({ code: 'REPORT.BAD_PERIOD' });
    await expect(suggest({ scope: { level: 'district' } })).rejects.toMatchObject({ code: 'REPORT.BAD_SCOPE' });
  });
});
