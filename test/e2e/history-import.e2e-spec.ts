import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/common/src/database/data-source';
import { runMigrations } from '../../libs/common/src/database/migrate';
import { CityCalendar } from '../../libs/kpi/src/city-calendar';
import { COUNTERS, orderFacts } from '../../libs/kpi/src/kpi-facts';
import { loadOrders } from '../../libs/kpi/src/kpi-source';
import { LegacyOrderImport } from '../../libs/reports/src/history';
import { ensureCity } from '../../scripts/seed-year/city';
import { createDatabase, dropDatabase } from '../../scripts/test-database';

/** The legacy CSV import on a migrated database with the demo city. */
describe('legacy order import', () => {
  const admin = process.env.DATABASE_URL!;
  const name = `${new URL(admin).pathname.slice(1)}_history`;
  let ds: DataSource;
  let csv: string;

  beforeAll(async () => {
    const url = await createDatabase(admin, name);
    await runMigrations(url);
    await ensureCity(url, () => undefined);
    ds = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
    await ds.initialize();
    const [street] = await ds.query(
      `SELECT s.name FROM region s JOIN region d ON d.id = s.parent_id WHERE d.name = '江城区' AND s.level = 'street' ORDER BY s.code LIMIT 1`,
    );
    const [code] = await ds.query(`SELECT code FROM category WHERE name = '积水内涝' AND level = 3`);
    csv = [
      '工单编号,受理时间,来源渠道,诉求类型,事项分类(三级名称或编码),所属区,所属街道,承办单位,办结时间,是否超期,满意度,诉求内容',
      `OLD-1,2023-07-05 22:10,电话,投诉,夜间施工噪声,江城区,${street.name},滨江市生态环境局,2023-07-08 10:00,否,满意,工地夜间施工噪声扰民。请处理`,
      `OLD-2,2023-07-06 09:00,市长信箱,求助,${code.code},江城,,滨江市城市管理局,2023-07-20 09:00,是,不满意,`,
      'OLD-3,2023-08-01 10:00,微信,咨询,夜间施工噪声,江城区,,,2023-08-01 10:05,否,,',
      'OLD-4,2023-08-01 10:00,微信,咨询,没有这个分类,江城区,,,2023-08-01 10:05,否,,',
      'OLD-1,2023-07-05 22:10,电话,投诉,夜间施工噪声,江城区,,滨江市生态环境局,2023-07-08 10:00,否,满意,',
      'OLD-5,2023-08-02,网站,举报,夜间施工噪声,江城区,,滨江市生态环境局,2023-08-01,否,,',
    ].join('\n');
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(admin, name);
  });

  it('writes accepted rows as archived history and reports the others with reasons', async () => {
    const report = await new LegacyOrderImport(ds, 2).import(csv, 'old12345');
    expect(report).toMatchObject({ accepted: 3, duplicate: 1, invalid: 2, missingColumns: [] });
    expect(report.rows.map((r) => [r.legacyNo, r.status])).toEqual([
      ['OLD-1', 'accepted'],
      ['OLD-2', 'accepted'],
      ['OLD-3', 'accepted'],
      ['OLD-4', 'invalid'],
      ['OLD-1', 'duplicate'],
      ['OLD-5', 'invalid'],
    ]);
    expect(report.rows[3].reasons).toEqual(['未知事项分类: "没有这个分类"']);
    expect(report.rows[5].reasons).toEqual(['办结时间早于受理时间']);

    const tickets = await ds.query(
      `SELECT r.legacy_no, t.state, t.channel, t.closure_kind, t.satisfaction, t.received_at, t.closed_at, t.lead_unit_id IS NOT NULL AS has_unit,
              (SELECT array_agg(f.action ORDER BY f.id) FROM ticket_flow f WHERE f.ticket_id = t.id) AS actions
       FROM legacy_order_ref r JOIN ticket t ON t.id = r.ticket_id WHERE r.legacy_system = 'old12345' ORDER BY r.legacy_no`,
    );
    expect(
      tickets.map((t: Record<string, unknown>) => [t.legacy_no, t.state, t.channel, t.closure_kind, t.satisfaction, t.actions]),
    ).toEqual([
      ['OLD-1', 'archived', 'phone', 'handled', 'satisfied', ['register', 'dispatch', 'reply', 'record_callback', 'archive']],
      ['OLD-2', 'archived', 'mailbox', 'handled', 'dissatisfied', ['register', 'dispatch', 'reply', 'record_callback', 'archive']],
      ['OLD-3', 'archived', 'wechat', 'first_contact', null, ['register', 'close_first_contact', 'archive']],
    ]);
    expect(new Date(tickets[0].received_at).toISOString()).toBe('2023-07-05T14:10:00.000Z');
  });

  it('is idempotent on the legacy number: a second run writes nothing', async () => {
    const before = Number((await ds.query('SELECT count(*) FROM ticket'))[0].count);
    const again = await new LegacyOrderImport(ds).import(csv, 'old12345');
    expect(again).toMatchObject({ accepted: 0, duplicate: 4, invalid: 2 });
    expect(again.rows[0].reasons).toEqual(['已导入过（同一系统的同一工单编号）']);
    expect(Number((await ds.query('SELECT count(*) FROM ticket'))[0].count)).toBe(before);
  });

  it('counts in the KPI facts: on time and late as the legacy system said, ratings by the lead unit', async () => {
    const orders = await loadOrders(ds.manager, { fromId: '1', toId: '999999999' });
    const cal = new CityCalendar('Asia/Shanghai');
    const sum = new Array<number>(COUNTERS.length).fill(0);
    for (const o of orders) for (const row of orderFacts(o, cal).values()) row.forEach((n, i) => (sum[i] += n));
    const c = Object.fromEntries(COUNTERS.map((k, i) => [k, sum[i]]));
    expect(c).toMatchObject({
      received: 3,
      accepted: 3,
      first_contact: 1,
      closed: 3,
      due_ok: 1,
      due_late: 1,
      sat_rated: 2,
      sat_satisfied: 1,
    });
  });
});
