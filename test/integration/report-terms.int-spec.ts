import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../libs/common/src/config/app-config';
import { dataSourceOptions } from '../../libs/common/src/database/data-source';
import { runMigrations } from '../../libs/common/src/database/migrate';
import {
  KEYWORD_MIN_ORDERS,
  TermRollup,
  extractTerms,
  keywordHotspots,
  loadTermExtractor,
  rebuildTermRollup,
} from '../../libs/reports/src/keywords';
import { ensureCity } from '../../scripts/seed-year/city';
import { createDatabase, dropDatabase } from '../../scripts/test-database';

const TZ = 'Asia/Shanghai';

interface NewOrder {
  title: string;
  content?: string;
  /** ISO instant. */
  at: string;
  district?: number | null;
  unit?: number | null;
  mergedInto?: string;
  parent?: string;
}

/** The term rollup (report_term_monthly) on a migrated database with the demo city, against recounts from the raw orders. */
describe('keyword term rollup', () => {
  const admin = process.env.DATABASE_URL!;
  const name = `${new URL(admin).pathname.slice(1)}_terms`;
  let ds: DataSource;
  let rollup: TermRollup;
  let seq = 0;
  // The demo city: two districts, the first one's district unit and a street unit under it, a department.
  let jiang: number;
  let binhu: number;
  let community: string;
  let jiangUnit: number;
  let streetUnit: number;
  let dept: number;

  const insert = async (orders: NewOrder[]): Promise<string[]> => {
    const rows = (await ds.query(
      `INSERT INTO ticket (no, state, appeal_type, channel, title, content, received_at, district_id, lead_unit_id, merged_into_id, parent_id)
       SELECT no, 'registered', 'complaint', 'phone', title, content, at, district, unit, merged, parent
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::int[], $7::bigint[], $8::bigint[])
         WITH ORDINALITY AS x(no, title, content, at, district, unit, merged, parent, n)
       ORDER BY n RETURNING id::text AS id`,
      [
        orders.map(() => `TERMS-${++seq}`),
        orders.map((o) => o.title),
        orders.map((o) => o.content ?? ''),
        orders.map((o) => o.at),
        orders.map((o) => (o.district === undefined ? jiang : o.district)),
        orders.map((o) => o.unit ?? null),
        orders.map((o) => o.mergedInto ?? null),
        orders.map((o) => o.parent ?? null),
      ],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  };

  /** The rollup as stored: grain|district|unit|months|month|term → orders. */
  const stored = async (): Promise<Record<string, number>> => {
    const rows = (await ds.query(
      `SELECT grain, district_id, unit_id, months, month::text AS month, term, orders FROM report_term_monthly`,
    )) as { grain: number; district_id: number; unit_id: number; months: number; month: string; term: string; orders: number }[];
    return Object.fromEntries(rows.map((r) => [`${r.grain}|${r.district_id}|${r.unit_id}|${r.months}|${r.month}|${r.term}`, r.orders]));
  };

  /** The same, counted afresh from ticket (not from the contributions), with extractTerms on title and content. */
  const recount = async (): Promise<Record<string, number>> => {
    const ex = await loadTermExtractor(ds);
    const rows = (await ds.query(
      `SELECT t.title, t.content, to_char(t.received_at AT TIME ZONE $1, 'YYYY-MM') AS ym,
         coalesce(t.district_id, 0) AS d, coalesce(t.lead_unit_id, p.lead_unit_id, 0) AS u
       FROM ticket t LEFT JOIN ticket p ON p.id = t.merged_into_id WHERE t.parent_id IS NULL`,
      [TZ],
    )) as { title: string; content: string; ym: string; d: number; u: number }[];
    const out: Record<string, number> = {};
    for (const r of rows) {
      const [y, m] = r.ym.split('-').map(Number);
      const q = String(m - ((m - 1) % 3)).padStart(2, '0');
      const spans = [`1|${r.ym}-01`, `3|${y}-${q}-01`, `12|${y}-01-01`];
      for (const term of extractTerms(`${r.title}\n${r.content}`, ex.stop, ex.seg)) {
        for (const span of spans) {
          for (const key of [`1|0|0|${span}|${term}`, `2|${r.d}|0|${span}|${term}`, `3|0|${r.u}|${span}|${term}`])
            out[key] = (out[key] ?? 0) + 1;
        }
      }
    }
    return out;
  };

  beforeAll(async () => {
    const url = await createDatabase(admin, name);
    await runMigrations(url);
    await ensureCity(url, () => undefined);
    ds = new DataSource(dataSourceOptions(url, { extra: { max: 6 } }));
    await ds.initialize();
    rollup = new TermRollup(ds, { CITY_TIMEZONE: TZ } as AppConfig);
    const region = async (n: string) => Number((await ds.query(`SELECT id FROM region WHERE name = $1`, [n]))[0].id);
    jiang = await region('江城区');
    binhu = await region('滨湖区');
    [{ name: community }] = await ds.query(
      `SELECT c.name FROM region c JOIN region s ON s.id = c.parent_id WHERE s.parent_id = $1 AND c.level = 'community' ORDER BY c.code LIMIT 1`,
      [jiang],
    );
    jiangUnit = Number((await ds.query(`SELECT id FROM unit WHERE type = 'district' AND region_id = $1`, [jiang]))[0].id);
    streetUnit = Number(
      (await ds.query(`SELECT id FROM unit WHERE type = 'street' AND parent_id = $1 ORDER BY id LIMIT 1`, [jiangUnit]))[0].id,
    );
    dept = Number((await ds.query(`SELECT id FROM unit WHERE code = 'DEPT-CG'`))[0].id);
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(admin, name);
  });

  describe('maintenance', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const month = (i: number) => `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T04:00:00Z`;
      // Enough orders for several batches of 7, so that ids run past 9, 99: keyset order must be numeric.
      const filler = await insert(
        Array.from({ length: 110 }, (_, i) => ({
          title: `${community}附近${['电梯故障', '违章停车', '夜间施工噪声', '垃圾清运不及时'][i % 4]}问题`,
          content: `诉求人反映：${community}附近${['电梯故障', '违章停车', '夜间施工噪声', '垃圾清运不及时'][i % 4]}，希望有关部门尽快核实处理并答复。`,
          at: month(i),
          district: i % 3 === 0 ? binhu : jiang,
          unit: i % 5 === 0 ? null : i % 2 ? jiangUnit : dept,
        })),
      );
      [ids.moved, ids.edited, ids.dup, ids.target] = filler.slice(0, 4);
      [ids.noDistrict, ids.boundary] = await insert([
        { title: '小区供暖不热', at: '2025-03-10T02:00:00Z', district: null, unit: dept },
        // 2025-03-01 00:30 in the city: March, though it is still February in UTC.
        { title: '油烟扰民', content: '餐饮油烟直排', at: '2025-02-28T16:30:00Z', unit: streetUnit },
      ]);
      [ids.child] = await insert([{ title: '子工单里的桥梁裂缝', at: '2025-03-05T02:00:00Z', parent: ids.target, unit: streetUnit }]);
      [ids.mergedNoUnit] = await insert([{ title: '重复反映井盖缺失', at: '2025-03-06T02:00:00Z', mergedInto: ids.target }]);
      await ds.query(`UPDATE ticket SET lead_unit_id = $2 WHERE id = $1`, [ids.target, dept]);
    }, 60_000);

    it('rebuilds the rollup equal to a recount from the raw orders', async () => {
      const r = await rebuildTermRollup(ds, { timezone: TZ, batchSize: 7 });
      const [{ n: top }] = await ds.query(`SELECT count(*)::int AS n FROM ticket WHERE parent_id IS NULL`);
      expect(r.orders).toBe(top);
      expect(r.terms).toBeGreaterThan(5);
      expect(await stored()).toEqual(await recount());

      const s = await stored();
      // Placed by the city month; a merged duplicate takes its target's unit; no district is district 0.
      expect(s['1|0|0|1|2025-03-01|油烟']).toBe(1);
      expect(s['1|0|0|1|2025-02-01|油烟']).toBeUndefined();
      expect(s['1|0|0|3|2025-01-01|油烟']).toBe(1);
      expect(s['1|0|0|12|2025-01-01|油烟']).toBe(1);
      expect(s[`3|0|${dept}|1|2025-03-01|井盖`]).toBe(1);
      expect(s['2|0|0|1|2025-03-01|供暖']).toBe(1);
      // A child order is counted at its top order, never itself.
      expect(Object.keys(s).some((k) => k.endsWith('|桥梁'))).toBe(false);
      // Place names and formulas are not terms.
      const terms = new Set(Object.keys(s).map((k) => k.split('|')[5]));
      for (const t of [community, '江城区', '诉求人', '反映', '希望', '有关部门', '尽快', '核实', '处理', '答复', '附近', '问题'])
        expect(terms).not.toContain(t);
      expect([...terms]).toEqual(expect.arrayContaining(['电梯', '故障', '违章', '停车', '夜间施工', '噪声', '垃圾清运']));
    });

    it('follows unit changes, merges and edits through events, and stays equal to a fresh rebuild', async () => {
      await ds.query(`UPDATE ticket SET lead_unit_id = $2 WHERE id = $1`, [ids.moved, streetUnit]);
      await rollup.onOrderEvent(ids.moved);
      await ds.query(`UPDATE ticket SET merged_into_id = $2, lead_unit_id = NULL, state = 'merged' WHERE id = $1`, [ids.dup, ids.target]);
      await rollup.onOrderEvent(ids.dup);
      // The target moves: its duplicates (ids.dup, ids.mergedNoUnit) follow it.
      await ds.query(`UPDATE ticket SET lead_unit_id = $2 WHERE id = $1`, [ids.target, jiangUnit]);
      await rollup.onOrderEvent(ids.target);
      await ds.query(`UPDATE ticket SET title = '电梯困人', content = '电梯困人两小时，物业不管' WHERE id = $1`, [ids.edited]);
      await rollup.onOrderEvent(ids.edited);
      const [fresh] = await insert([{ title: '共享单车乱停放', at: '2025-03-20T02:00:00Z', unit: dept }]);
      await rollup.onOrderEvent(fresh);
      await rollup.onOrderEvent(ids.child);
      expect(await stored()).toEqual(await recount());

      // Handled twice, or concurrently: nothing moves.
      const before = await stored();
      await Promise.all([rollup.onOrderEvent(ids.moved), rollup.onOrderEvent(ids.moved), rollup.onOrderEvent(ids.target)]);
      expect(await stored()).toEqual(before);

      // Concurrent events for orders that share rollup rows, after changes to each.
      await ds.query(`UPDATE ticket SET lead_unit_id = $2 WHERE id = ANY($1::bigint[])`, [[ids.moved, ids.noDistrict, ids.boundary], dept]);
      await ds.query(`UPDATE ticket SET content = content || '，夜间施工噪声' WHERE id = $1`, [ids.target]);
      await Promise.all([ids.moved, ids.noDistrict, ids.boundary, ids.target, ids.moved, ids.target].map((id) => rollup.onOrderEvent(id)));
      const maintained = await stored();
      expect(maintained).toEqual(await recount());
      const [{ n: zero }] = await ds.query(`SELECT count(*)::int AS n FROM report_term_monthly WHERE orders <= 0`);
      expect(zero).toBe(0);

      await rebuildTermRollup(ds, { timezone: TZ, batchSize: 7 });
      expect(await stored()).toEqual(maintained);
      expect(maintained[`3|0|${jiangUnit}|12|2025-01-01|井盖`]).toBe(1);
    });
  });

  describe('keywordHotspots', () => {
    const cur = { from: '2021-01-01', to: '2022-01-01' };
    const ly = { from: '2020-01-01', to: '2021-01-01' };
    const periodOrders = async (range: { from: string; to: string }, where = 'true') =>
      Number(
        (
          await ds.query(
            `SELECT count(*)::int AS n FROM ticket t LEFT JOIN ticket p ON p.id = t.merged_into_id
             WHERE t.parent_id IS NULL AND t.received_at >= $1::timestamp AT TIME ZONE '${TZ}' AND t.received_at < $2::timestamp AT TIME ZONE '${TZ}' AND ${where}`,
            [range.from, range.to],
          )
        )[0].n,
      );
    const query = async (scope: { level: 'city' | 'district' | 'unit'; id?: number }, where = 'true', limit?: number) =>
      keywordHotspots(ds, {
        scope,
        current: cur,
        lastYear: ly,
        currentOrders: await periodOrders(cur, where),
        lastYearOrders: await periodOrders(ly, where),
        limit,
      });

    beforeAll(async () => {
      const orders: NewOrder[] = [];
      const add = (n: number, year: number, title: string, o: Partial<NewOrder> = {}) => {
        for (let i = 0; i < n; i++)
          orders.push({ title, at: `${year}-${String(1 + (i % 12)).padStart(2, '0')}-15T04:00:00Z`, unit: dept, ...o });
      };
      add(30, 2020, '电梯故障');
      add(60, 2021, '电梯故障');
      add(80, 2020, '违章停车');
      add(40, 2021, '违章停车');
      add(25, 2021, '充电桩损坏'); // new this year (jieba: 充电 桩 损坏)
      add(5, 2021, '桥梁裂缝'); // new, but too few orders to count
      add(90, 2020, '供水水压');
      add(100, 2021, '供水水压');
      // The Binhu district, handled by a street unit under the Jiang district unit.
      const binhuStreet = { district: binhu, unit: streetUnit };
      add(10, 2020, '油烟扰民', binhuStreet);
      add(30, 2021, '油烟扰民', binhuStreet);
      add(20, 2020, '积水内涝', binhuStreet);
      add(5, 2021, '积水内涝', binhuStreet);
      await insert(orders);
      await rebuildTermRollup(ds, { timezone: TZ });
    }, 60_000);

    it('ranks terms by the rise of their share, a new term by its share, and leaves out falls and one-offs', async () => {
      expect([await periodOrders(cur), await periodOrders(ly)]).toEqual([265, 230]);
      const rows = await query({ level: 'city' });
      // Rises per 10,000 orders: 电梯故障 2264 − 1304 = 960, 充电桩损坏 943 − 0, 油烟扰民 1132 − 435 = 697.
      // By relative change 油烟 (+160 %) would come before 电梯 (+74 %); by rise it does not.
      // 违章停车 and 供水水压 fell; 桥梁裂缝 has 5 orders, under the support of 20.
      expect(rows.map((r) => r.term)).toEqual(['故障', '电梯', '充电', '损坏', '扰民', '油烟']);
      expect(rows[1]).toEqual({
        term: '电梯',
        current: 60,
        lastYear: 30,
        currentPer10k: expect.closeTo((60 / 265) * 10_000, 9),
        lastYearPer10k: expect.closeTo((30 / 230) * 10_000, 9),
        change: expect.closeTo(60 / 265 / (30 / 230) - 1, 9),
      });
      expect(rows[2]).toMatchObject({ term: '充电', current: 25, lastYear: 0, lastYearPer10k: 0, change: null });
      expect((await query({ level: 'city' }, 'true', 2)).map((r) => r.term)).toEqual(['故障', '电梯']);
    });

    it('counts only the scope: a district, or a unit with the units under it', async () => {
      const binhuRows = await query({ level: 'district', id: binhu }, `t.district_id = ${binhu}`);
      expect(binhuRows.map((r) => [r.term, r.current, r.lastYear])).toEqual([
        ['扰民', 30, 10],
        ['油烟', 30, 10],
      ]);
      const subtree = (id: number) =>
        `coalesce(t.lead_unit_id, p.lead_unit_id) IN (SELECT id FROM unit WHERE path LIKE (SELECT path FROM unit WHERE id = ${id}) || '%')`;
      // The Jiang district unit handled none itself: its street unit's orders are its own.
      const jiangRows = await query({ level: 'unit', id: jiangUnit }, subtree(jiangUnit));
      expect(jiangRows.map((r) => [r.term, r.current, r.lastYear])).toEqual([
        ['扰民', 30, 10],
        ['油烟', 30, 10],
      ]);
      const deptRows = await query({ level: 'unit', id: dept }, subtree(dept));
      expect(deptRows.map((r) => r.term)).toEqual(['故障', '电梯', '充电', '损坏']);
    });

    it('counts any run of whole months, whatever spans it is read from', async () => {
      const count = (from: string, to: string) =>
        ds
          .query(
            `SELECT count(*)::int AS n FROM ticket WHERE title = '电梯故障'
             AND received_at >= $1::timestamp AT TIME ZONE '${TZ}' AND received_at < $2::timestamp AT TIME ZONE '${TZ}'`,
            [from, to],
          )
          .then((r: { n: number }[]) => r[0].n);
      for (const [from, to] of [
        ['2021-01-01', '2021-07-01'],
        ['2021-02-01', '2021-12-01'],
        ['2021-03-01', '2021-04-01'],
        ['2020-11-01', '2021-05-01'],
      ]) {
        const lastYear = { from: `${Number(from.slice(0, 4)) - 1}${from.slice(4)}`, to: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}` };
        const rows = await keywordHotspots(ds, {
          scope: { level: 'city' },
          current: { from, to },
          lastYear,
          currentOrders: 1,
          lastYearOrders: 1_000_000,
          minOrders: 1,
          limit: 100,
        });
        const lift = rows.find((r) => r.term === '电梯');
        expect([from, lift?.current, lift?.lastYear]).toEqual([from, await count(from, to), await count(lastYear.from, lastYear.to)]);
      }
    });

    it('looks candidates up one by one under a long tail of one-off words, with the same answer as a recount', async () => {
      // 2019 over 2018: a few frequent terms, and one order for every category of the city (a tail of ~200 words).
      const leaves = (await ds.query(`SELECT name FROM category WHERE level = 3 ORDER BY id`)) as { name: string }[];
      const at = (year: number, i: number) => `${year}-${String(1 + (i % 12)).padStart(2, '0')}-15T04:00:00Z`;
      await insert([
        ...Array.from({ length: 20 }, (_, i) => ({ title: '电梯故障', at: at(2018, i), unit: dept })),
        ...Array.from({ length: 60 }, (_, i) => ({ title: '电梯故障', at: at(2019, i), unit: dept })),
        ...Array.from({ length: 80 }, (_, i) => ({ title: '违章停车', at: at(2018, i), unit: dept })),
        ...Array.from({ length: 45 }, (_, i) => ({ title: '违章停车', at: at(2019, i), unit: dept })),
        ...Array.from({ length: 25 }, (_, i) => ({ title: '充电桩损坏', at: at(2019, i), unit: dept })),
        ...leaves.map((l, i) => ({ title: l.name, at: at(2019, i), unit: dept })),
      ]);
      await rebuildTermRollup(ds, { timezone: TZ });
      const range = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` });
      const currentOrders = await periodOrders(range(2019));
      const lastYearOrders = await periodOrders(range(2018));

      const spy = jest.spyOn(EntityManager.prototype, 'query');
      const rows = await keywordHotspots(ds, {
        scope: { level: 'city' },
        current: range(2019),
        lastYear: range(2018),
        currentOrders,
        lastYearOrders,
      });
      expect(spy.mock.calls.some(([sql]) => sql.includes('term = ANY('))).toBe(true);
      spy.mockRestore();

      // The rule, applied to terms counted from the raw orders.
      const ex = await loadTermExtractor(ds);
      const counted = async (r: { from: string; to: string }) => {
        const texts = (await ds.query(
          `SELECT title, content FROM ticket WHERE parent_id IS NULL
             AND received_at >= $1::timestamp AT TIME ZONE '${TZ}' AND received_at < $2::timestamp AT TIME ZONE '${TZ}'`,
          [r.from, r.to],
        )) as { title: string; content: string }[];
        const n = new Map<string, number>();
        for (const t of texts)
          for (const term of extractTerms(`${t.title}\n${t.content}`, ex.stop, ex.seg)) n.set(term, (n.get(term) ?? 0) + 1);
        return n;
      };
      const [cur, ly] = [await counted(range(2019)), await counted(range(2018))];
      const rise = (t: string) => (cur.get(t) ?? 0) / currentOrders - (ly.get(t) ?? 0) / lastYearOrders;
      const expected = [...cur.keys()]
        .filter((t) => cur.get(t)! >= KEYWORD_MIN_ORDERS && rise(t) > 0)
        .sort((a, b) => rise(b) - rise(a) || cur.get(b)! - cur.get(a)! || (a < b ? -1 : 1));
      expect(rows.map((r) => [r.term, r.current, r.lastYear])).toEqual(expected.map((t) => [t, cur.get(t), ly.get(t) ?? 0]));
      expect(rows.map((r) => r.term)).toEqual(expect.arrayContaining(['电梯', '充电']));
    });

    it('answers nothing for a period without orders', async () => {
      const empty = { from: '2030-01-01', to: '2031-01-01' };
      const before = { from: '2029-01-01', to: '2030-01-01' };
      expect(
        await keywordHotspots(ds, { scope: { level: 'city' }, current: empty, lastYear: before, currentOrders: 0, lastYearOrders: 0 }),
      ).toEqual([]);
    });
  });
});
