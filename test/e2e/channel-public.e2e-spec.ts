import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { newPhone } from '../factories/world.factory';
import { Http } from '../setup/http';
import { useWorld } from '../setup/world-system';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
).toString('base64');

let seq = 0;
const submissionId = () => `web-${Date.now().toString(36)}-${(seq += 1)}`;

describe('web, app and mailbox channels (e2e)', () => {
  // A database of its own (the refusal tests count every intake record); low limits so the rate-limit tests reach them.
  const ctx = useWorld({ worker: false, ownDatabase: true, env: { PUBLIC_RATE_PER_IP: '1000', PUBLIC_RATE_PER_PHONE: '3' } });
  const pub = () => new Http(ctx.sys.baseUrl);
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  const count = async (sql: string, params: unknown[] = []) => Number((await ctx.ds.query(sql, params))[0].n);
  const appeal = (over: Record<string, unknown> = {}) => ({
    submissionId: submissionId(),
    channel: 'web',
    name: '李四',
    phone: newPhone(),
    categoryId: ctx.w.categories.leaf.id,
    title: '小区门口占道经营',
    content: '东华路18号小区门口每天早上有流动摊贩占道经营，行人只能走机动车道。',
    address: '东华路18号',
    longitude: 116.41,
    latitude: 39.91,
    ...over,
  });

  const baseAppeal = appeal;

  describe('web and app submissions', () => {
    it('registers the order at once, keeps the raw payload and the attachment, and answers with the order number', async () => {
      const body = appeal({ attachments: [{ fileName: 'scene.png', mimeType: 'image/png', data: PNG }], consentToPublish: true });
      const res = await pub().post('/public/appeals', body, { 'x-forwarded-for': '203.0.113.7' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ duplicate: false, ticketNo: expect.stringMatching(/^\d{8}-\d{8}$/) });
      expect(res.body.message).toContain(res.body.ticketNo);
      const [t] = await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [res.body.ticketNo]);
      expect(t).toMatchObject({ state: 'registered', channel: 'web', citizen_phone: body.phone, publishable: true, address: '东华路18号' });
      const [r] = await ctx.ds.query(`SELECT * FROM intake_record WHERE ticket_id = $1`, [t.id]);
      expect(r).toMatchObject({ channel: 'web', external_id: body.submissionId, kind: 'order', account: '203.0.113.7', raw_type: 'json' });
      expect(JSON.parse(r.raw).attachments[0].data).toMatch(/base64 chars/); // the bytes live in the attachment, not the audit copy
      expect(new Date(r.respond_due_at).getTime() - new Date(r.received_at).getTime()).toBe(180_000);
      expect(await count(`SELECT count(*) AS n FROM attachment WHERE ticket_id = $1 AND mime_type = 'image/png'`, [t.id])).toBe(1);
    });

    it('returns the first result for a retried submission and creates nothing new', async () => {
      const body = appeal({ channel: 'app' });
      const first = await pub().post('/public/appeals', body);
      const again = await pub().post('/public/appeals', { ...body, content: '重试时内容被改动也不会新建工单' });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ duplicate: true, ticketNo: first.body.ticketNo });
      expect(await count(`SELECT count(*) AS n FROM ticket WHERE citizen_phone = $1`, [body.phone])).toBe(1);
    });

    it('refuses bad input with a clear code and creates nothing', async () => {
      const before = await count(`SELECT count(*) AS n FROM intake_record`);
      const cases: [Record<string, unknown>, number, string][] = [
        [appeal({ content: '长'.repeat(4001) }), 400, 'REQUEST.VALIDATION_FAILED'],
        [appeal({ phone: '12345' }), 400, 'REQUEST.VALIDATION_FAILED'],
        [appeal({ submissionId: 'x' }), 400, 'REQUEST.VALIDATION_FAILED'],
        [appeal({ categoryId: 99999999 }), 422, 'CATALOG.UNKNOWN_CATEGORY'],
        [
          appeal({ attachments: [{ fileName: 'a.exe', mimeType: 'application/x-msdownload', data: PNG }] }),
          415,
          'ATTACHMENT.TYPE_NOT_ALLOWED',
        ],
        [appeal({ attachments: [{ fileName: 'a.png', mimeType: 'image/png', data: '不是base64' }] }), 400, 'REQUEST.VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await pub().post('/public/appeals', body);
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
        expect(res.body.message).toEqual(expect.any(String));
      }
      const big = await pub().request('POST', '/public/appeals', JSON.stringify({ ...appeal(), content: 'x'.repeat(1_100_000) }), {
        'content-type': 'application/json',
      });
      expect(big.status).toBe(413);
      expect(await count(`SELECT count(*) AS n FROM intake_record`)).toBe(before);
    });

    it('limits submissions per phone number', async () => {
      const phone = newPhone();
      for (let i = 0; i < 3; i += 1) expect((await pub().post('/public/appeals', appeal({ phone }))).status).toBe(201);
      const refused = await pub().post('/public/appeals', appeal({ phone }));
      expect(refused).toMatchObject({ status: 429, body: { code: 'PUBLIC.RATE_LIMITED' } });
      expect(await count(`SELECT count(*) AS n FROM ticket WHERE citizen_phone = $1`, [phone])).toBe(3);
    });

    it('lets a citizen follow progress with the order number and the last four digits of the phone', async () => {
      const body = appeal();
      const { ticketNo } = (await pub().post('/public/appeals', body)).body;
      const ok = await pub().get(`/public/appeals/${ticketNo}/progress?phoneLast4=${body.phone.slice(-4)}`);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        no: ticketNo,
        state: 'registered',
        stateLabel: '已登记',
        steps: [{ action: 'register', label: '登记' }],
      });
      expect(JSON.stringify(ok.body)).not.toContain(body.phone);
      expect(JSON.stringify(ok.body)).not.toContain('李四');
      const wrong = await pub().get(
        `/public/appeals/${ticketNo}/progress?phoneLast4=${String((Number(body.phone.slice(-4)) + 1) % 10000).padStart(4, '0')}`,
      );
      const missing = await pub().get(`/public/appeals/20990101-00000001/progress?phoneLast4=1234`);
      expect(wrong.body.code).toBe('PUBLIC.PROGRESS_NOT_FOUND');
      expect(missing.body).toEqual({ ...wrong.body, requestId: missing.body.requestId });
      expect((await pub().get(`/public/appeals/${ticketNo}/progress?phoneLast4=12`)).status).toBe(400);
    });
  });

  describe('mayor’s mailbox', () => {
    const letter = (over: Record<string, unknown> = {}) => ({
      letterId: `letter-${submissionId()}`,
      subject: '建议增设公交线路',
      body: '滨江新城片区居民出行不便，建议增设一条连接地铁站的公交线路。',
      name: '王五',
      phone: newPhone(),
      email: 'wangwu@example.com',
      consentToPublish: true,
      ...over,
    });

    it('turns a letter into an order with a 24-hour response duty and the consent to publish', async () => {
      const l = letter();
      const res = await pub().post('/public/mailbox/letters', l);
      expect(res.status).toBe(201);
      const [t] = await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [res.body.ticketNo]);
      expect(t).toMatchObject({ channel: 'mailbox', title: '建议增设公交线路', publishable: true, citizen_name: '王五' });
      const [r] = await ctx.ds.query(`SELECT * FROM intake_record WHERE ticket_id = $1`, [t.id]);
      expect(r).toMatchObject({ sender_email: 'wangwu@example.com', external_id: l.letterId });
      expect(new Date(r.respond_due_at).getTime() - new Date(r.received_at).getTime()).toBe(24 * 3600_000);
    });

    it('refuses a bad letter with a clear code and records nothing', async () => {
      const before = await count(`SELECT count(*) AS n FROM intake_record WHERE channel = 'mailbox'`);
      for (const bad of [
        letter({ email: 'not-an-email' }),
        letter({ body: '长'.repeat(4001) }),
        letter({ consentToPublish: undefined }),
        letter({ letterId: 'short' }),
        letter({ subject: '' }),
      ]) {
        const res = await pub().post('/public/mailbox/letters', bad);
        expect(res).toMatchObject({ status: 400, body: { code: 'REQUEST.VALIDATION_FAILED' } });
      }
      expect(await count(`SELECT count(*) AS n FROM intake_record WHERE channel = 'mailbox'`)).toBe(before);
      const l = letter();
      const first = await pub().post('/public/mailbox/letters', l);
      const again = await pub().post('/public/mailbox/letters', l);
      expect(again.body).toMatchObject({ duplicate: true, ticketNo: first.body.ticketNo });
    });

    it('imports letters in bulk from CSV, idempotently, with a result for each row', async () => {
      const csv = [
        'letterId,subject,body,name,phone,consentToPublish,sentAt',
        `old-mailbox-${ctx.w.tag}-001,路灯不亮,幸福路路灯坏了一个月,赵六,${newPhone()},false,2026-11-01T09:00:00+08:00`,
        `old-mailbox-${ctx.w.tag}-002,,没有标题的来信,钱七,,true,`,
        `old-mailbox-${ctx.w.tag}-003,噪音,夜间施工噪音,孙八,${newPhone()},true,2026-11-02T22:10:00+08:00`,
      ].join('\n');
      const res = await as('dispatcher').post('/intake/mailbox/import', { format: 'csv', csv });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, created: 2, duplicates: 0, invalid: 1 });
      expect(res.body.rows[1]).toMatchObject({ row: 2, status: 'invalid', errors: ['subject 不能为空'] });
      const [t] = await ctx.ds.query(`SELECT received_at FROM ticket WHERE no = $1`, [res.body.rows[0].ticketNo]);
      expect(new Date(t.received_at).toISOString()).toBe('2026-11-01T01:00:00.000Z');
      const again = await as('dispatcher').post('/intake/mailbox/import', { format: 'csv', csv });
      expect(again.body).toMatchObject({ created: 0, duplicates: 2, invalid: 1 });
      expect((await as('handlerDistrict').post('/intake/mailbox/import', { format: 'csv', csv })).status).toBe(403);
    });
  });

  describe('captcha hook', () => {
    let verifier: Server;
    let sys: Awaited<ReturnType<typeof import('../setup/system').startSystem>>;
    beforeAll(async () => {
      // A stand-in captcha service: real HTTP, approving exactly the token "human".
      verifier = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => res.end(JSON.stringify({ success: JSON.parse(body).token === 'human' })));
      }).listen(0, '127.0.0.1');
      await new Promise((r) => verifier.once('listening', r));
      const { startSystem } = await import('../setup/system');
      sys = await startSystem({
        worker: false,
        ownDatabase: false,
        env: { PUBLIC_RATE_PER_IP: '1000', CAPTCHA_VERIFY_URL: `http://127.0.0.1:${(verifier.address() as AddressInfo).port}/verify` },
      });
    });
    afterAll(async () => {
      await sys?.close();
      verifier?.close();
    });

    it('asks the captcha service when one is configured, and refuses a submission it does not pass', async () => {
      const http = new Http(sys.baseUrl);
      // This system runs on the shared test database, which does not hold this file's categories.
      const appeal = (over: Record<string, unknown> = {}) => baseAppeal({ categoryId: undefined, ...over });
      expect((await http.post('/public/appeals', appeal())).body.code).toBe('PUBLIC.CAPTCHA_FAILED');
      expect((await http.post('/public/appeals', appeal({ captchaToken: 'robot' }))).body.code).toBe('PUBLIC.CAPTCHA_FAILED');
      expect((await http.post('/public/appeals', appeal({ captchaToken: 'human' }))).status).toBe(201);
    });
  });
});
