import { signWebhook } from '@app/intake';
import { newPhone } from '../factories/world.factory';
import { Http } from '../setup/http';
import { useWorld } from '../setup/world-system';

let seq = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${(seq += 1)}`;

describe('SMS, feeds, appeals and response duties (e2e)', () => {
  // A database of its own: the refusal tests count every intake record, order and flow row.
  const ctx = useWorld({ worker: false, ownDatabase: true });
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  const count = async (sql: string, params: unknown[] = []) => Number((await ctx.ds.query(sql, params))[0].n);
  const secret = () => process.env.SMS_WEBHOOK_SECRET!;

  /** Posts one inbound SMS as the gateway would: the exact body signed with the shared secret. */
  const sms = (msg: Record<string, unknown>, opts: { ts?: number; sign?: (ts: string, body: string) => string | undefined } = {}) => {
    const body = JSON.stringify(msg);
    const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
    const signature = opts.sign ? opts.sign(ts, body) : `sha256=${signWebhook(secret(), ts, body)}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-sms-timestamp': ts };
    if (signature) headers['x-sms-signature'] = signature;
    return new Http(ctx.sys.baseUrl).request('POST', '/channels/sms/inbound', body, headers);
  };

  describe('SMS', () => {
    it('opens an appeal from a first message, joins follow-ups to it, and acknowledges each with the order number', async () => {
      const phone = newPhone();
      const first = await sms({ id: uid('sms'), from: `+86${phone}`, to: '10691234512345', text: '幸福小区3号楼电梯坏了三天没人修' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ kind: 'appeal', duplicate: false });
      const follow = await sms({ id: uid('sms'), from: phone, to: '10691234512345', text: '补充：是2单元的电梯' });
      expect(follow.body).toMatchObject({ kind: 'follow_up', ticketNo: first.body.ticketNo });
      const [t] = await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [first.body.ticketNo]);
      expect(t).toMatchObject({ state: 'registered', channel: 'sms', citizen_phone: phone, content: '幸福小区3号楼电梯坏了三天没人修' });
      const flows = await ctx.ds.query(`SELECT action, opinion FROM ticket_flow WHERE ticket_id = $1 ORDER BY id`, [t.id]);
      expect(flows).toEqual([
        { action: 'register', opinion: null },
        { action: 'follow_up', opinion: '补充：是2单元的电梯' },
      ]);
      const acks = await ctx.ds.query(`SELECT body FROM sms_message WHERE to_phone = $1 ORDER BY id`, [phone]);
      expect(acks.map((a: { body: string }) => a.body)).toEqual([
        expect.stringContaining(`工单号${t.no}`),
        expect.stringContaining(`已记录到工单${t.no}`),
      ]);
      // The agent sees both messages on the order, and the appeal in the waiting list.
      const messages = await as('agent').get(`/intake/tickets/${t.id}/messages`);
      expect(messages.body.map((m: { kindLabel: string }) => m.kindLabel)).toEqual(['新诉求（待坐席补全）', '追加留言']);
      const waiting = await as('agent').get('/intake/appeals?channel=sms');
      expect(waiting.body.find((a: { no: string }) => a.no === t.no)).toMatchObject({ messages: 2, channelLabel: '短信' });
    });

    it('opens a new appeal once the agent has taken the first one on', async () => {
      const phone = newPhone();
      const first = await sms({ id: uid('sms'), from: phone, to: '10691234512345', text: '路灯不亮' });
      const [t] = await ctx.ds.query(`SELECT id, version FROM ticket WHERE no = $1`, [first.body.ticketNo]);
      const reply = await as('agent').post(`/intake/tickets/${t.id}/reply`, { version: t.version, text: '已收到，请问是哪条路？' });
      expect(reply.status).toBe(200);
      const amend = await as('agent').post(`/tickets/${t.id}/amend`, {
        version: reply.body.version,
        appealType: 'help',
        categoryId: ctx.w.categories.leaf.id,
        title: '幸福路路灯不亮',
      });
      expect(amend.status).toBe(200);
      await as('agent').post(`/tickets/${t.id}/submit`, { version: amend.body.version });
      const next = await sms({ id: uid('sms'), from: phone, to: '10691234512345', text: '另外小区垃圾没人清运' });
      expect(next.body.kind).toBe('appeal');
      expect(next.body.ticketNo).not.toBe(first.body.ticketNo);
      const flows = await ctx.ds.query(`SELECT action, details FROM ticket_flow WHERE ticket_id = $1 ORDER BY id`, [t.id]);
      expect(flows.map((f: { action: string }) => f.action)).toEqual(['register', 'message', 'amend', 'submit']);
      expect(flows[2].details.changed.sort()).toEqual(['appealType', 'categoryId', 'title']);
      expect(await count(`SELECT count(*) AS n FROM sms_message WHERE to_phone = $1 AND body LIKE '%哪条路%'`, [phone])).toBe(1);
    });

    it('refuses forged, missing and replayed signatures, malformed bodies and duplicates, creating nothing', async () => {
      const before = await count(`SELECT count(*) AS n FROM intake_record`);
      const msg = { id: uid('sms'), from: newPhone(), to: '10691234512345', text: '测试' };
      expect((await sms(msg, { sign: () => 'sha256=' + '0'.repeat(64) })).body.code).toBe('SMS.BAD_SIGNATURE');
      expect((await sms(msg, { sign: () => undefined })).body.code).toBe('SMS.MISSING_SIGNATURE');
      expect((await sms(msg, { ts: Math.floor(Date.now() / 1000) - 600 })).body.code).toBe('SMS.REPLAYED');
      expect((await sms({ ...msg, text: '长'.repeat(4001) })).status).toBe(400);
      expect((await sms({ ...msg, from: 'not-a-phone' })).body.code).toBe('SMS.BAD_SENDER');
      expect((await sms({ id: msg.id })).status).toBe(400);
      expect(await count(`SELECT count(*) AS n FROM intake_record`)).toBe(before);
      const ok = await sms(msg);
      const dup = await sms(msg);
      expect(dup.body).toMatchObject({ duplicate: true, ticketNo: ok.body.ticketNo });
      expect(await count(`SELECT count(*) AS n FROM intake_record`)).toBe(before + 1);
      expect(await count(`SELECT count(*) AS n FROM sms_message WHERE to_phone = $1`, [msg.from])).toBe(1);
    });
  });

  describe('feeds from elsewhere', () => {
    it('imports a 110 transfer batch idempotently, records the hand-over, and reports each row', async () => {
      const rows = [
        {
          externalId: uid('110'),
          title: '邻里噪音纠纷',
          content: '楼上装修噪音，110转12345处理',
          regionCode: ctx.w.regions.street.code,
          partnerRef: 'JJ20261121001',
        },
        { externalId: uid('110'), title: '', content: '缺标题' },
        { externalId: uid('110'), title: '未知分类', content: '分类编码不存在', categoryCode: 'NOPE' },
      ];
      const res = await as('dispatcher').post('/intake/feeds/import', { source: 'transfer_110', format: 'json', rows });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, created: 1, duplicates: 0, invalid: 2 });
      expect(res.body.rows[1]).toMatchObject({ status: 'invalid', errors: ['title 不能为空'] });
      expect(res.body.rows[2].errors[0]).toContain('NOPE');
      const [t] = await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [res.body.rows[0].ticketNo]);
      expect(t).toMatchObject({ channel: 'transfer_110', district_id: ctx.w.regions.district.id, street_id: ctx.w.regions.street.id });
      const [tr] = await ctx.ds.query(`SELECT * FROM ticket_transfer WHERE ticket_id = $1`, [t.id]);
      expect(tr).toMatchObject({ direction: 'in', partner: '110', external_ref: 'JJ20261121001' });
      const again = await as('dispatcher').post('/intake/feeds/import', { source: 'transfer_110', format: 'json', rows });
      expect(again.body).toMatchObject({ created: 0, duplicates: 1, invalid: 2 });
      expect(await count(`SELECT count(*) AS n FROM ticket_transfer WHERE ticket_id = $1`, [t.id])).toBe(1);
    });

    it('imports upper-level orders from CSV with their origin as a tag, refusing a line not in the registry', async () => {
      const csv = `externalId,title,content,origin,hotline,urgency\n${uid('prov')},企业开办难,省12345转办：营业执照办理多次被退回,省12345,,urgent\n${uid('prov')},未知热线,热线号码不存在,省12345,99999,normal`;
      const res = await as('supervisor').post('/intake/feeds/import', { source: 'upper_level', format: 'csv', csv });
      expect(res.body).toMatchObject({ created: 1, invalid: 1 });
      expect(res.body.rows[1].errors[0]).toContain('99999');
      const [t] = await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [res.body.rows[0].ticketNo]);
      expect(t).toMatchObject({ channel: 'upper_level', urgency: 'urgent', tags: ['省12345'] });
      expect((await as('agent').post('/intake/feeds/import', { source: 'opinion', format: 'csv', csv })).status).toBe(403);
    });
  });

  describe('outside our scope, and transfers out', () => {
    it('closes an out-of-scope matter with the path the citizen should take', async () => {
      const t = await ctx.d.register();
      const res = await as('agent').post(`/tickets/${t.id}/not-accept`, { version: t.version, outOfScope: 'litigation' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'closed', closureKind: 'not_accepted', replyText: expect.stringContaining('人民法院') });
      const noReason = await ctx.d.register();
      expect((await as('agent').post(`/tickets/${noReason.id}/not-accept`, { version: noReason.version })).body.message).toContain(
        'reason',
      );
      const bad = await ctx.d.register();
      expect((await as('agent').post(`/tickets/${bad.id}/not-accept`, { version: bad.version, outOfScope: 'weather' })).status).toBe(400);
    });

    it('records a transfer to 110 on both the order and the transfer register', async () => {
      const t = await ctx.d.register();
      await as('agent').post(`/tickets/${t.id}/transfer`, { version: t.version, target: '110', externalRef: 'JJ-OUT-1' });
      const [tr] = await ctx.ds.query(`SELECT * FROM ticket_transfer WHERE ticket_id = $1`, [t.id]);
      expect(tr).toMatchObject({ direction: 'out', partner: '110', external_ref: 'JJ-OUT-1', recorded_by: ctx.w.users.agent.id });
    });
  });

  describe('response duties and hotlines', () => {
    it('shows late responses: a duty passed without a response is overdue, a response in time is on time', async () => {
      const phone = newPhone();
      const received = new Date(Date.now() - 3600_000);
      const old = await sms({ id: uid('sms'), from: phone, to: '10691234512345', text: '一小时前的短信', time: received.toISOString() });
      const fresh = await sms({ id: uid('sms'), from: newPhone(), to: '10691234512345', text: '刚到的短信' });
      const [f] = await ctx.ds.query(`SELECT id, version FROM ticket WHERE no = $1`, [fresh.body.ticketNo]);
      await as('agent').post(`/intake/tickets/${f.id}/reply`, { version: f.version, text: '您好，已收到' });
      const from = new Date(Date.now() - 2 * 3600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const res = await as('supervisor').get(`/intake/duties?from=${from}&to=${to}&channel=sms`);
      expect(res.status).toBe(200);
      const byNo = new Map(res.body.items.map((i: { ticketNo: string; status: string }) => [i.ticketNo, i.status]));
      expect(byNo.get(old.body.ticketNo)).toBe('overdue');
      expect(byNo.get(fresh.body.ticketNo)).toBe('on_time');
      const late = await as('supervisor').get(`/intake/duties?from=${from}&to=${to}&channel=sms&status=overdue`);
      expect(late.body.items.every((i: { status: string }) => i.status === 'overdue')).toBe(true);
      expect(late.body.summary[0]).toMatchObject({ channel: 'sms', channelLabel: '短信' });
      expect((await as('supervisor').get(`/intake/duties?from=${to}&to=${from}`)).body.code).toBe('INTAKE.BAD_RANGE');
      expect((await as('handlerDistrict').get(`/intake/duties?from=${from}&to=${to}`)).status).toBe(403);
    });

    it('lets an admin register a merged line, which intake then accepts and statistics cut by', async () => {
      const number = `1${String(Date.now()).slice(-6)}`;
      const created = await as('admin').post('/admin/hotlines', {
        number,
        name: '测试归并热线',
        mode: 'merged',
        defaultCategoryId: ctx.w.categories.leaf.id,
      });
      expect(created.status).toBe(201);
      expect((await as('admin').post('/admin/hotlines', { number, name: '重复', mode: 'parallel' })).body.code).toBe(
        'HOTLINE.NUMBER_TAKEN',
      );
      expect((await as('manager').post('/admin/hotlines', { number: '12399', name: 'x', mode: 'merged' })).status).toBe(403);
      const res = await as('dispatcher').post('/intake/feeds/import', {
        source: 'opinion',
        format: 'json',
        rows: [{ externalId: uid('op'), title: '网帖反映', content: '网帖反映某路段积水', hotline: number }],
      });
      const [t] = await ctx.ds.query(`SELECT category_id FROM ticket WHERE no = $1`, [res.body.rows[0].ticketNo]);
      expect(t.category_id).toBe(ctx.w.categories.leaf.id); // the line's default category
      const from = new Date(Date.now() - 60_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const stats = await as('manager').get(`/intake/stats/hotlines?from=${from}&to=${to}`);
      expect(stats.body.find((l: { number: string }) => l.number === number)).toMatchObject({
        orders: 1,
        mode: 'merged',
        byChannel: { opinion: 1 },
      });
      await as('admin').request('PATCH', `/admin/hotlines/${created.body.id}`, { active: false });
      const retired = await as('dispatcher').post('/intake/feeds/import', {
        source: 'opinion',
        format: 'json',
        rows: [{ externalId: uid('op'), title: '网帖', content: '退役热线', hotline: number }],
      });
      expect(retired.body.rows[0]).toMatchObject({ status: 'invalid', errors: [expect.stringContaining(number)] });
    });
  });
});
