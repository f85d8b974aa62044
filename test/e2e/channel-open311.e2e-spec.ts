import { Category } from '@app/catalog';
import { XMLParser } from 'fast-xml-parser';
import { newPhone } from '../factories/world.factory';
import { useWorld } from '../setup/world-system';

/** Open311 GeoReport v2 over HTTP: discovery, services, requests in JSON and XML, keys. */
describe('Open311 GeoReport v2 (e2e)', () => {
  const ctx = useWorld();
  const V2 = '/open311/v2';
  const envKey = process.env.OPEN311_API_KEYS!.split(',')[0];
  const xml = new XMLParser({
    parseTagValue: false,
    isArray: (name) => ['service', 'request', 'attribute', 'value', 'error', 'format'].includes(name),
  });
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  const get = (path: string) => ctx.w.http.get(V2 + path);
  const postForm = (fields: Record<string, string>, ext = 'json', headers: Record<string, string> = {}) =>
    ctx.w.http.request('POST', `${V2}/requests.${ext}`, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  /** Orders whose intake record carries this text: proves whether a refused request created anything. */
  const recordsWith = async (marker: string) =>
    Number((await ctx.ds.query(`SELECT count(*) AS n FROM intake_record WHERE channel = 'open311' AND raw LIKE $1`, [`%${marker}%`]))[0].n);

  let noise: Category;
  const leafCode = () => ctx.w.categories.leaf.code;
  // ASCII: it also goes into an Idempotency-Key header, and forms are kept URL-encoded in the raw payload.
  const marker = () => `mark${Math.random().toString(36).slice(2, 10)}`;
  const noiseRequest = (over: Record<string, string> = {}) => ({
    api_key: envKey,
    service_code: noise.code,
    lat: '30.274085',
    long: '120.155070',
    'attribute[noise_time]': 'night',
    description: `工地每天晚上11点后还在打桩 ${marker()}`,
    ...over,
  });

  beforeAll(async () => {
    const repo = ctx.ds.getRepository(Category);
    const cat = (code: string, name: string, level: number, parent: Category | null) =>
      repo.save(repo.create({ code: `${code}${ctx.w.tag}`, name, level, parentId: parent?.id ?? null, active: true }));
    const top = await cat('N', '生态环境', 1, null);
    const mid = await cat('N1', '噪声污染', 2, top);
    noise = await cat('N11', '夜间施工噪声', 3, mid);
  });

  describe('discovery, services and definitions', () => {
    it('describes the endpoint in JSON and XML, with the GeoReport v2 specification and both formats', async () => {
      const json = await get('/discovery.json');
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(json.body).toMatchObject({
        changeset: expect.stringMatching(/\+08:00$/),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${ctx.w.http.baseUrl}${V2}`,
            type: 'test',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
      expect(json.body.contact).toContain('12345');
      const x = await get('/discovery.xml');
      expect(x.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(x.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><discovery>/);
      expect(xml.parse(x.body).discovery.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);
    });

    it('lists active leaf categories as services, grouped by their top-level category, with metadata where attributes exist', async () => {
      const services = (await get('/services.json')).body as Record<string, unknown>[];
      const byCode = new Map(services.map((s) => [s.service_code, s]));
      expect(byCode.get(noise.code)).toEqual({
        service_code: noise.code,
        service_name: '夜间施工噪声',
        description: '生态环境 > 噪声污染 > 夜间施工噪声',
        metadata: true,
        type: 'realtime',
        keywords: '噪声污染, 夜间施工噪声',
        group: '生态环境',
      });
      expect(byCode.get(leafCode())).toMatchObject({ service_name: '占道经营', metadata: false, group: '城市管理' });
      for (const notAService of [ctx.w.categories.inactive, ctx.w.categories.mid, ctx.w.categories.top])
        expect(byCode.has(notAService.code)).toBe(false);

      const x = xml.parse((await get('/services.xml')).body).services.service as Record<string, string>[];
      expect(x.find((s) => s.service_code === noise.code)).toMatchObject({ metadata: 'true', group: '生态环境', type: 'realtime' });
    });

    it('gives a service’s definition in JSON and XML, and an empty one for a service without attributes', async () => {
      const def = (await get(`/services/${noise.code}.json`)).body;
      expect(def.service_code).toBe(noise.code);
      expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['night_work_rule', 'noise_time', 'noise_source', 'started_at']);
      expect(def.attributes[1]).toEqual({
        variable: true,
        code: 'noise_time',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: 2,
        description: '噪声通常出现在什么时段？',
        values: [
          { key: 'day', name: '白天（6时至18时）' },
          { key: 'evening', name: '傍晚（18时至22时）' },
          { key: 'night', name: '夜间（22时至次日6时）' },
          { key: 'all_day', name: '全天' },
        ],
      });
      const x = xml.parse((await get(`/services/${noise.code}.xml`)).body).service_definition;
      expect(x.attributes.attribute[2]).toMatchObject({ code: 'noise_source', datatype: 'multivaluelist', required: 'false', order: '3' });
      expect(x.attributes.attribute[2].values.value[0]).toEqual({ key: 'piling', name: '打桩' });
      expect((await get(`/services/${leafCode()}.json`)).body).toEqual({ service_code: leafCode(), attributes: [] });
    });

    it('answers an unknown service, jurisdiction or format with the spec’s error list', async () => {
      const json = await get('/services/NO-SUCH.json');
      expect(json).toMatchObject({ status: 404, body: [{ code: 404, description: expect.stringContaining('NO-SUCH') }] });
      const x = await get(`/services/${ctx.w.categories.inactive.code}.xml`);
      expect(x.status).toBe(404);
      expect(xml.parse(x.body).errors.error).toEqual([
        { code: '404', description: expect.stringContaining(ctx.w.categories.inactive.code) },
      ]);
      expect((await get('/services.json?jurisdiction_id=elsewhere.gov')).status).toBe(404);
      expect((await get('/services.json?jurisdiction_id=binjiang.gov.cn')).status).toBe(200);
      expect(await get('/services.yaml')).toMatchObject({
        status: 400,
        body: [{ code: 400, description: expect.stringContaining('yaml') }],
      });
    });
  });

  describe('POST requests', () => {
    it('creates an order on channel open311 from a form, and GET shows it without personal data', async () => {
      const phone = newPhone();
      const form = noiseRequest({
        'attribute[noise_source][]': 'piling',
        first_name: '三丰',
        last_name: '张',
        phone,
        email: 'zhangsan@example.com',
        account_id: 'acct-77',
        device_id: 'dev-1',
        description: `东华路工地夜间打桩，请联系我 ${phone} ${marker()}`,
        media_url: 'https://img.example.com/p/1.jpg',
      });
      const res = await postForm(form);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          service_request_id: expect.stringMatching(/^\d{8}-\d+$/),
          service_notice: expect.stringContaining('已受理'),
          account_id: 'acct-77',
        },
      ]);
      const no = res.body[0].service_request_id;

      const [t] = await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [no]);
      expect(t).toMatchObject({
        channel: 'open311',
        category_id: noise.id,
        publishable: true,
        citizen_phone: phone,
        citizen_name: '张三丰',
        appeal_type: 'help',
        state: 'registered',
      });
      expect(t.content).toContain('噪声时段：夜间（22时至次日6时）\n噪声来源：打桩');
      expect([Number(t.latitude), Number(t.longitude)]).toEqual([30.274085, 120.15507]);
      const [r] = await ctx.ds.query(`SELECT * FROM intake_record WHERE ticket_id = $1`, [t.id]);
      expect(r).toMatchObject({
        channel: 'open311',
        raw_type: 'form',
        account: expect.stringMatching(/^env:/),
        sender_email: 'zhangsan@example.com',
      });
      expect(r.raw).not.toContain(envKey);

      const one = await get(`/requests/${no}.json`);
      expect(one.status).toBe(200);
      expect(one.body).toHaveLength(1);
      expect(one.body[0]).toMatchObject({
        service_request_id: no,
        status: 'open',
        status_notes: '已登记',
        service_code: noise.code,
        service_name: '夜间施工噪声',
        lat: 30.274085,
        long: 120.15507,
        media_url: 'https://img.example.com/p/1.jpg',
        requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
        updated_datetime: expect.stringMatching(/\+08:00$/),
      });
      expect(one.body[0].description).toContain('东华路工地夜间打桩，请联系我 ***');
      const text = JSON.stringify(one.body);
      for (const personal of [phone, '张三丰', '三丰', 'zhangsan', 'acct-77', 'dev-1']) expect(text).not.toContain(personal);
      expect(Object.keys(one.body[0]).sort()).toEqual(
        [
          'service_request_id',
          'status',
          'status_notes',
          'service_name',
          'service_code',
          'description',
          'agency_responsible',
          'service_notice',
          'requested_datetime',
          'updated_datetime',
          'expected_datetime',
          'address',
          'address_id',
          'zipcode',
          'lat',
          'long',
          'media_url',
        ].sort(),
      );

      const x = await get(`/requests/${no}.xml`);
      const req = xml.parse(x.body).service_requests.request;
      expect(req).toHaveLength(1);
      expect(req[0]).toMatchObject({ service_request_id: no, status: 'open', requested_datetime: one.body[0].requested_datetime });
      expect(x.body).not.toContain(phone);
    });

    it('accepts JSON, answers in XML, and gives a retry with the same Idempotency-Key the first answer without a second order', async () => {
      const m = marker();
      const body = { api_key: envKey, service_code: leafCode(), address_string: `东华路18号菜市场门口 ${m}`, description: '流动摊贩占道' };
      const headers = { 'idempotency-key': `retry-${m}` };
      const first = await ctx.w.http.post(`${V2}/requests.xml`, body, headers);
      expect(first.status).toBe(200);
      const created = xml.parse(first.body).service_requests.request[0];
      expect(created.service_request_id).toMatch(/^\d{8}-\d+$/);
      const again = await ctx.w.http.post(`${V2}/requests.xml`, body, headers);
      expect(xml.parse(again.body).service_requests.request[0].service_request_id).toBe(created.service_request_id);
      expect(await recordsWith(m)).toBe(1);
      const [t] = await ctx.ds.query(`SELECT address, channel FROM ticket WHERE no = $1`, [created.service_request_id]);
      expect(t).toEqual({ address: `东华路18号菜市场门口 ${m}`, channel: 'open311' });
    });

    it('refuses a missing, unknown or wrong-jurisdiction request with the spec’s errors, creating nothing', async () => {
      const m = marker();
      const { api_key: _k, ...noKey } = noiseRequest({ description: m });
      const missing = await postForm(noKey);
      expect(missing).toMatchObject({ status: 403, body: [{ code: 403, description: expect.stringContaining('api_key') }] });
      const wrong = await postForm(noiseRequest({ api_key: 'o311_not-a-key', description: m }), 'xml');
      expect(wrong.status).toBe(403);
      expect(xml.parse(wrong.body).errors.error[0].code).toBe('403');
      const elsewhere = await postForm(noiseRequest({ jurisdiction_id: 'elsewhere.gov', description: m }));
      expect(elsewhere).toMatchObject({ status: 400, body: [{ code: 400, description: expect.stringContaining('jurisdiction_id') }] });
      expect(await recordsWith(m)).toBe(0);
    });

    it('refuses an unknown or retired service, a missing location, bad attributes and an over-long description', async () => {
      const m = marker();
      const unknown = await postForm(noiseRequest({ service_code: 'NO-SUCH', description: m }));
      expect(unknown).toMatchObject({ status: 400, body: [{ code: 400, description: expect.stringContaining('NO-SUCH') }] });
      expect((await postForm(noiseRequest({ service_code: ctx.w.categories.inactive.code, description: m }))).status).toBe(400);

      const { lat: _lat, long: _long, ...nowhere } = noiseRequest({ description: m });
      expect(await postForm(nowhere)).toMatchObject({
        status: 400,
        body: [{ code: 400, description: '须提供位置：lat 和 long，或 address_string，或 address_id' }],
      });

      const { 'attribute[noise_time]': _t, ...noTime } = noiseRequest({
        description: m,
        'attribute[noise_source][]': 'lasers',
        'attribute[colour]': 'red',
      });
      const attrs = await postForm(noTime);
      expect(attrs.status).toBe(400);
      expect(attrs.body.map((e: { description: string }) => e.description)).toEqual([
        'attribute[colour] 不是该服务定义的属性',
        'attribute[noise_time]（噪声通常出现在什么时段？） 为必填项',
        expect.stringMatching(/^attribute\[noise_source\].*lasers 无效/),
      ]);
      expect((await postForm(noiseRequest({ description: m, 'attribute[noise_time]': 'midnight' }))).status).toBe(400);

      const long = await postForm(noiseRequest({ description: m + '长'.repeat(4001) }));
      expect(long).toMatchObject({ status: 400, body: [{ code: 400, description: 'description 不能超过 4000 个字符' }] });
      expect(await recordsWith(m)).toBe(0);
    });
  });

  describe('GET requests', () => {
    const DAY = 86_400_000;
    let viaOpen311: string;
    let closed: { id: string; no: string };
    let older: { no: string };
    let hidden: Record<'private' | 'confidential' | 'anonymous', { no: string }>;
    const list = async (query: string) => {
      const res = await get(`/requests.json?${query}`);
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      return (res.body as { service_request_id: string }[]).map((r) => r.service_request_id);
    };

    beforeAll(async () => {
      viaOpen311 = (await postForm(noiseRequest())).body[0].service_request_id;
      closed = await ctx.d.inState('closed', { publishable: true, content: '东华路菜市场门口占道经营，来电人电话13900001111' });
      older = await ctx.d.register({ publishable: true, receivedAt: new Date(Date.now() - 30 * DAY).toISOString() });
      hidden = {
        private: await ctx.d.register({ publishable: false }),
        confidential: await ctx.d.register({ publishable: true, confidential: true }),
        anonymous: await ctx.d.register({ publishable: true, anonymous: true, citizenName: null, citizenPhone: null }),
      };
    });

    it('filters by service code and status, and never lists what may not be published', async () => {
      const leaf = await list(`service_code=${leafCode()}`);
      expect(leaf).toEqual(expect.arrayContaining([closed.no, older.no]));
      expect(leaf).not.toContain(viaOpen311);
      for (const h of Object.values(hidden)) expect(leaf).not.toContain(h.no);
      expect(await list(`service_code=${leafCode()}&status=closed`)).toEqual([closed.no]);
      const open = await list(`service_code=${leafCode()},${noise.code}&status=open`);
      expect(open).toEqual(expect.arrayContaining([viaOpen311, older.no]));
      expect(open).not.toContain(closed.no);
      expect(await list(`service_code=${leafCode()},${noise.code}&status=open,closed`)).toEqual(
        expect.arrayContaining([viaOpen311, older.no, closed.no]),
      );
    });

    it('filters by requested date within at most 90 days, newest first', async () => {
      const iso = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');
      expect(await list(`service_code=${leafCode()}&start_date=${iso(-40 * DAY)}&end_date=${iso(-20 * DAY)}`)).toEqual([older.no]);
      const recent = await list(`service_code=${leafCode()}&start_date=${iso(-DAY)}`);
      expect(recent).toContain(closed.no);
      expect(recent).not.toContain(older.no);
      const all = await list(`service_code=${leafCode()}`);
      expect(all.indexOf(closed.no)).toBeLessThan(all.indexOf(older.no));
      const tooWide = await get(`/requests.json?start_date=${iso(-100 * DAY)}&end_date=${iso(0)}`);
      expect(tooWide).toMatchObject({ status: 400, body: [{ code: 400, description: expect.stringContaining('90') }] });
      expect((await get('/requests.json?start_date=2026-01-01T00:00:00')).status).toBe(400);
    });

    it('looks up a list of ids, ignoring the other filters, and never the hidden ones', async () => {
      const ids = [viaOpen311, closed.no, ...Object.values(hidden).map((h) => h.no)].join(',');
      expect((await list(`service_request_id=${ids}&status=closed`)).sort()).toEqual([viaOpen311, closed.no].sort());
      for (const h of Object.values(hidden)) {
        const res = await get(`/requests/${h.no}.json`);
        expect(res).toMatchObject({ status: 404, body: [{ code: 404 }] });
      }
    });

    it('shows a closed order’s reply and unit, with the city’s offset on every datetime and no phone number', async () => {
      const [r] = (await get(`/requests/${closed.no}.json`)).body;
      expect(r).toMatchObject({
        status: 'closed',
        status_notes: '已组织城管队员清理',
        agency_responsible: ctx.w.units.district.name,
        expected_datetime: null,
        service_notice: null,
        address: '东华路18号菜市场门口',
      });
      expect(r.description).toBe('东华路菜市场门口占道经营，来电人电话***');
      for (const k of ['requested_datetime', 'updated_datetime']) expect(r[k]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      const [open] = (await get(`/requests/${older.no}.json`)).body;
      expect(open.requested_datetime).toMatch(/\+08:00$/);
      expect(JSON.stringify([r, open])).not.toMatch(/张三丰|139\d{8}/);
    });
  });

  describe('API keys', () => {
    it('lets an admin issue a key that works, list keys without their values, and deactivate one so it is refused', async () => {
      const created = await as('admin').post('/admin/open311-keys', { name: `市民通APP ${ctx.w.tag}` });
      expect(created.status).toBe(201);
      const { id, key } = created.body;
      expect(key).toMatch(/^o311_[\w-]{43}$/);
      expect(created.body).toMatchObject({ active: true, keyPrefix: key.slice(0, 9), createdBy: ctx.w.users.admin.id, lastUsedAt: null });

      const listed = await as('admin').get('/admin/open311-keys');
      expect(listed.body.find((k: { id: number }) => k.id === id)).toMatchObject({
        name: `市民通APP ${ctx.w.tag}`,
        keyPrefix: key.slice(0, 9),
      });
      expect(JSON.stringify(listed.body)).not.toContain(key);
      const [stored] = await ctx.ds.query(`SELECT key_hash FROM open311_api_key WHERE id = $1`, [id]);
      expect(stored.key_hash).not.toContain(key.slice(5));

      const m = marker();
      const ok = await postForm(noiseRequest({ api_key: key, description: m }));
      expect(ok.status).toBe(200);
      const [r] = await ctx.ds.query(`SELECT account FROM intake_record WHERE raw LIKE $1`, [`%${m}%`]);
      expect(r.account).toBe(`key:${id}`);
      expect((await as('admin').get('/admin/open311-keys')).body.find((k: { id: number }) => k.id === id).lastUsedAt).not.toBeNull();

      const off = await as('admin').request('DELETE', `/admin/open311-keys/${id}`);
      expect(off).toMatchObject({ status: 200, body: { id, active: false, deactivatedAt: expect.any(String) } });
      const m2 = marker();
      expect((await postForm(noiseRequest({ api_key: key, description: m2 }))).status).toBe(403);
      expect(await recordsWith(m2)).toBe(0);
      expect((await as('admin').request('DELETE', '/admin/open311-keys/999999999')).status).toBe(404);
    });

    it('is for admins only', async () => {
      expect((await as('agent').post('/admin/open311-keys', { name: 'x' })).status).toBe(403);
      expect((await as('supervisor').get('/admin/open311-keys')).status).toBe(403);
      expect((await as('dispatcher').request('DELETE', '/admin/open311-keys/1')).status).toBe(403);
      expect((await ctx.w.http.get('/admin/open311-keys')).status).toBe(401);
      expect((await as('admin').post('/admin/open311-keys', { name: '' })).status).toBe(400);
    });
  });
});
