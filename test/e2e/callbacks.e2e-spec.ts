import { hashToken } from '@app/callbacks';
import { WorkingCalendar } from '@app/dispatch';
import { signWebhook, wechatSignature } from '@app/intake';
import { randomBytes } from 'crypto';
import { newPhone } from '../factories/world.factory';
import { Http } from '../setup/http';
import { waitFor } from '../setup/redis-server';
import { TestContext, useWorld } from '../setup/world-system';

let seq = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${(seq += 1)}`;

/** What every describe below needs from its own system. */
function helpers(ctx: TestContext) {
  const as = (who: keyof typeof ctx.w.tokens) => ctx.w.http.as(ctx.w.tokens[who]);
  const one = async (sql: string, params: unknown[] = []) => (await ctx.ds.query(sql, params))[0];
  const ticket = (id: string) => one(`SELECT * FROM ticket WHERE id = $1`, [id]);
  /** Until the worker has handled every event of the order (so nothing more will follow from them). */
  const settled = (id: string) =>
    waitFor(
      async () => (await one(`SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1 AND processed_at IS NULL`, [id])).n === 0,
      `the events of order ${id}`,
    );
  /** The callback task of an order's round, once the worker has opened it. */
  const task = async (ticketId: string, round = 0, kind = 'handled') => {
    const q = () => one(`SELECT * FROM callback_task WHERE ticket_id = $1 AND round = $2 AND kind = $3`, [ticketId, round, kind]);
    await waitFor(async () => Boolean(await q()), `the ${kind} callback of order ${ticketId}, round ${round}`);
    return q();
  };
  const taskById = (id: string) => one(`SELECT * FROM callback_task WHERE id = $1`, [id]);
  return { as, one, ticket, settled, task, taskById };
}

describe('callbacks (e2e, real worker)', () => {
  const ctx = useWorld({
    worker: true,
    env: { CALLBACK_FIRST_CONTACT_SAMPLE_RATE: '1', CALLBACK_MAX_ATTEMPTS: '2', PUBLIC_BASE_URL: 'https://12345.example.gov.cn/' },
  });
  const { as, one, ticket, settled, task, taskById } = helpers(ctx);
  const rate = (id: string, body: Record<string, unknown>, who: keyof typeof ctx.w.tokens = 'agent') =>
    as(who).post(`/callbacks/${id}/result`, { reached: true, ...body });
  const satisfied = { resolved: 'resolved', satisfaction: 'satisfied' };

  /** Posts one inbound SMS as the gateway would: the exact body signed with the shared secret. */
  const sms = (msg: { id: string; from: string; text: string }) => {
    const body = JSON.stringify({ to: '10691234512345', ...msg });
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = {
      'content-type': 'application/json',
      'x-sms-timestamp': ts,
      'x-sms-signature': `sha256=${signWebhook(process.env.SMS_WEBHOOK_SECRET!, ts, body)}`,
    };
    return new Http(ctx.sys.baseUrl).request('POST', '/channels/sms/inbound', body, headers);
  };
  const linkIn = (text: string) => /https:\/\/12345\.example\.gov\.cn\/public\/callbacks\/([A-Za-z0-9_-]{32})/.exec(text)?.[1];
  const smsLink = async (phone: string) =>
    linkIn(
      (await one(`SELECT body FROM sms_message WHERE to_phone = $1 AND purpose = 'callback' ORDER BY id DESC LIMIT 1`, [phone])).body,
    )!;
  const page = (token: string) => new Http(ctx.sys.baseUrl).get(`/public/callbacks/${token}`);
  const postForm = (token: string, form: Record<string, string>) =>
    new Http(ctx.sys.baseUrl).post(`/public/callbacks/${token}`, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
  const postJson = (token: string, body: Record<string, unknown>) => new Http(ctx.sys.baseUrl).post(`/public/callbacks/${token}`, body);

  describe('falling due and the work list', () => {
    it('opens a callback when the reply is accepted, due the next working day on the calendar', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      expect(cb).toMatchObject({ kind: 'handled', round: 0, state: 'pending', unit_id: ctx.w.units.district.id, attempts: 0 });
      const accepted = await one(`SELECT created_at FROM ticket_flow WHERE ticket_id = $1 AND action = 'accept_reply'`, [t.id]);
      expect(cb.due_at.getTime()).toBe(WorkingCalendar.fromShippedData().addWorkingDays(accepted.created_at, 1).getTime());
    });

    it('gives the agent the script, the reply, the history and the caller, and audits the view', async () => {
      const phone = newPhone();
      const t = await ctx.d.inState('callback_pending', { citizenPhone: phone });
      const cb = await task(t.id);
      const res = await as('agent').get(`/callbacks?ticketId=${t.id}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      const item = res.body.items[0];
      expect(item).toMatchObject({
        id: cb.id,
        state: 'pending',
        unitName: ctx.w.units.district.name,
        ways: { phone: true, sms: true, wechat: false },
        order: { no: t.no, state: 'callback_pending', replyText: '已组织城管队员清理' },
        caller: { name: '张三丰', phone, masked: false },
      });
      expect(item.script).toContain(`（工单号${t.no}）`);
      expect(item.script).toContain('已组织城管队员清理');
      expect(item.history.map((f: { action: string }) => f.action)).toEqual([
        'register',
        'submit',
        'dispatch',
        'sign',
        'reply',
        'accept_reply',
      ]);
      const audit = await one(`SELECT count(*)::int AS n FROM pii_access_log WHERE ticket_id = $1 AND purpose = 'callback'`, [t.id]);
      expect(audit.n).toBe(1);
      // Managers read the list masked; the due-today tab does not have it yet (it falls due tomorrow).
      const managerView = await as('manager').get(`/callbacks?ticketId=${t.id}`);
      expect(managerView.body.items[0].caller).toMatchObject({ name: '张**', masked: true });
      expect((await as('agent').get(`/callbacks?state=due&ticketId=${t.id}`)).body.items).toHaveLength(0);
    });

    it('lists open callbacks earliest due first, page by page', async () => {
      const a = await task((await ctx.d.inState('callback_pending')).id);
      const b = await task((await ctx.d.inState('callback_pending')).id);
      await ctx.ds.query(`UPDATE callback_task SET due_at = now() - interval '2 days' WHERE id = $1`, [b.id]);
      const first = await as('agent').get('/callbacks?state=due&limit=1');
      expect(first.body.items[0].id).toBe(b.id);
      expect(first.body.items[0].overdue).toBe(true);
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: { items: { id: string }[]; nextCursor: string | null } } = await as('agent').get(
          `/callbacks?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        all.push(...r.body.items.map((i) => i.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(all.indexOf(b.id)).toBeLessThan(all.indexOf(a.id));
      expect(new Set(all).size).toBe(all.length);
    });

    it('keeps units out: a handler gets 403 on every callback endpoint', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      for (const res of [
        await as('handlerDistrict').get('/callbacks'),
        await as('handlerDistrict').get(`/callbacks/${cb.id}`),
        await rate(cb.id, satisfied, 'handlerDistrict'),
        await as('handlerDistrict').post(`/callbacks/${cb.id}/sms`),
        await as('handlerDistrict').post(`/callbacks/${cb.id}/review`, { ...satisfied, reason: 'x' }),
      ]) {
        expect(res.status).toBe(403);
      }
      expect((await taskById(cb.id)).state).toBe('pending');
    });
  });

  describe('by phone', () => {
    it('records the rating and closes the order with it; a second rating is refused and records nothing', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      const res = await rate(cb.id, { ...satisfied, reason: '摊贩已清理' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: 'done',
        channel: 'phone',
        reached: true,
        satisfaction: 'satisfied',
        completedBy: ctx.w.users.agent.id,
      });
      const closed = await ticket(t.id);
      expect(closed).toMatchObject({
        state: 'closed',
        closure_kind: 'handled',
        callback_reached: true,
        callback_result: 'resolved',
        satisfaction: 'satisfied',
        callback_note: '摊贩已清理',
      });
      expect(closed.called_back_at).not.toBeNull();
      const flow = await one(`SELECT * FROM ticket_flow WHERE ticket_id = $1 AND action = 'record_callback'`, [t.id]);
      expect(flow).toMatchObject({
        actor_user_id: ctx.w.users.agent.id,
        details: expect.objectContaining({ channel: 'phone', callbackTaskId: cb.id }),
      });
      const again = await rate(cb.id, { resolved: 'unresolved', satisfaction: 'very_dissatisfied', complaintAbout: 'handling' });
      expect(again).toMatchObject({ status: 409, body: { code: 'CALLBACK.NOT_PENDING' } });
      expect((await ticket(t.id)).version).toBe(closed.version);
      expect((await taskById(cb.id)).satisfaction).toBe('satisfied');
    });

    it('refuses a dissatisfied rating that does not say what it is about, and a rating for an order no longer awaiting one', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      expect((await rate(cb.id, { resolved: 'unresolved', satisfaction: 'dissatisfied' })).body.code).toBe(
        'CALLBACK.COMPLAINT_ABOUT_REQUIRED',
      );
      expect((await rate(cb.id, { resolved: 'maybe', satisfaction: 'satisfied' })).status).toBe(400);
      expect((await as('agent').post(`/callbacks/${cb.id}/result`, { reached: false })).status).toBe(400);
      // Closed by a supervisor without a callback: the task is called off and a rating refused.
      await ctx.d.must('supervisor', t.id, 'close', { reason: '诉求人已当面确认' });
      const late = await rate(cb.id, satisfied);
      expect(late.status).toBe(409);
      expect(['CALLBACK.ORDER_NOT_AWAITING', 'CALLBACK.NOT_PENDING']).toContain(late.body.code);
      await waitFor(async () => (await taskById(cb.id)).state === 'cancelled', 'the callback called off');
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', satisfaction: null, callback_reached: null });
      expect((await rate('999999999', satisfied)).body.code).toBe('CALLBACK.NOT_FOUND');
    });

    it('lets one of two agents recording at once win; the other gets 409', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      const results = await Promise.all([
        rate(cb.id, { resolved: 'resolved', satisfaction: 'very_satisfied' }),
        rate(cb.id, { resolved: 'partly', satisfaction: 'basically_satisfied' }, 'supervisor'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect(results.find((r) => r.status === 409)!.body.code).toBe('CALLBACK.NOT_PENDING');
      expect((await ticket(t.id)).satisfaction).toBe(winner.body.satisfaction);
      expect((await one(`SELECT count(*)::int AS n FROM ticket_flow WHERE ticket_id = $1 AND action = 'record_callback'`, [t.id])).n).toBe(
        1,
      );
    });

    it('counts failed attempts; after CALLBACK_MAX_ATTEMPTS the callback is unreached and the order closes without a rating', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      const first = await as('agent').post(`/callbacks/${cb.id}/attempts`, { outcome: 'no_answer', note: '响铃无人接' });
      expect(first.body).toMatchObject({ state: 'pending', attempts: 1 });
      expect((await ticket(t.id)).state).toBe('callback_pending');
      const second = await as('agent').post(`/callbacks/${cb.id}/attempts`, { outcome: 'busy' });
      expect(second.body).toMatchObject({ state: 'unreached', attempts: 2, reached: false, satisfaction: null });
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', callback_reached: false, satisfaction: null, callback_result: null });
      expect((await as('agent').post(`/callbacks/${cb.id}/attempts`, { outcome: 'busy' })).body.code).toBe('CALLBACK.NOT_PENDING');
      const log = await ctx.ds.query(`SELECT outcome, note FROM callback_attempt WHERE task_id = $1 ORDER BY id`, [cb.id]);
      expect(log).toEqual([
        { outcome: 'no_answer', note: '响铃无人接' },
        { outcome: 'busy', note: null },
      ]);
      const listed = await as('supervisor').get(`/callbacks?state=unreached&ticketId=${t.id}`);
      expect(listed.body.items[0]).toMatchObject({ stateLabel: '未联系上', attemptsLog: [{ outcome: 'no_answer' }, { outcome: 'busy' }] });
    });

    it('records a refusal as reached but not a rating', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      const res = await as('agent').post(`/callbacks/${cb.id}/attempts`, { outcome: 'refused', note: '诉求人表示不想评价' });
      expect(res.body).toMatchObject({ state: 'done', reached: true, refused: true, satisfaction: null });
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', callback_reached: true, satisfaction: null });
    });

    it('follows a callback recorded on the order itself', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      await ctx.d.must('agent', t.id, 'callback', { reached: true, resolved: 'partly', satisfaction: 'basically_satisfied' });
      await waitFor(async () => (await taskById(cb.id)).state === 'done', 'the task following the order');
      expect(await taskById(cb.id)).toMatchObject({
        channel: 'phone',
        reached: true,
        resolved: 'partly',
        satisfaction: 'basically_satisfied',
      });
    });
  });

  describe('by SMS', () => {
    it('sends a one-time link; opening it records nothing; the form records once; reuse is refused', async () => {
      const phone = newPhone();
      const t = await ctx.d.inState('callback_pending', { citizenPhone: phone });
      const cb = await task(t.id);
      const sent = await as('agent').post(`/callbacks/${cb.id}/sms`);
      expect(sent).toMatchObject({ status: 200, body: { channel: 'sms', sentTo: `${phone.slice(0, 3)}****${phone.slice(-4)}` } });
      const msg = await one(`SELECT * FROM sms_message WHERE to_phone = $1 AND purpose = 'callback'`, [phone]);
      expect(msg.body).toContain(`【12345】工单${t.no}回访：`);
      expect(msg.body).toContain('请回复数字评价：1非常满意 2满意 3基本满意 4不满意 5非常不满意');
      const token = linkIn(msg.body)!;
      const link = await one(`SELECT * FROM callback_link WHERE task_id = $1`, [cb.id]);
      expect(link).toMatchObject({ channel: 'sms', recipient: phone, token_hash: hashToken(token), used_at: null });
      expect(JSON.stringify(link)).not.toContain(token);

      const before = await ticket(t.id);
      for (let i = 0; i < 2; i++) {
        const shown = await page(token);
        expect(shown.status).toBe(200);
        expect(shown.headers.get('content-type')).toMatch(/^text\/html/);
        expect(shown.headers.get('cache-control')).toBe('no-store');
        expect(shown.body).toContain(t.no);
        expect(shown.body).toContain('已组织城管队员清理');
        expect(shown.body).toContain('<form method="post">');
      }
      expect((await taskById(cb.id)).state).toBe('pending');
      expect((await ticket(t.id)).version).toBe(before.version);

      const bad = await postForm(token, { resolved: 'resolved' });
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('请选择满意程度');
      expect((await taskById(cb.id)).state).toBe('pending');

      const done = await postForm(token, { resolved: 'resolved', satisfaction: 'very_satisfied', complaintAbout: '', reason: '处理很快' });
      expect(done.status).toBe(200);
      expect(done.headers.get('content-type')).toMatch(/^text\/html/);
      expect(done.body).toContain('感谢您的评价');
      expect(await taskById(cb.id)).toMatchObject({
        state: 'done',
        channel: 'sms',
        satisfaction: 'very_satisfied',
        reason: '处理很快',
        completed_by: null,
      });
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', satisfaction: 'very_satisfied', callback_result: 'resolved' });

      const reused = await postForm(token, { resolved: 'unresolved', satisfaction: 'very_dissatisfied' });
      expect(reused.status).toBe(409);
      expect(reused.body).toContain('链接不能重复使用');
      expect((await postJson(token, { resolved: 'resolved', satisfaction: 'satisfied' })).body.code).toBe('CALLBACK.TOKEN_USED');
      expect((await page(token)).status).toBe(409);
      expect((await taskById(cb.id)).satisfaction).toBe('very_satisfied');
    });

    it('refuses an expired link and an unknown one, recording nothing', async () => {
      const phone = newPhone();
      const t = await ctx.d.inState('callback_pending', { citizenPhone: phone });
      const cb = await task(t.id);
      await as('agent').post(`/callbacks/${cb.id}/sms`);
      const token = await smsLink(phone);
      await ctx.ds.query(`UPDATE callback_link SET expires_at = now() - interval '1 minute' WHERE task_id = $1`, [cb.id]);
      const shown = await page(token);
      expect(shown.status).toBe(410);
      expect(shown.body).toContain('回访链接已过期');
      expect(await postJson(token, satisfied)).toMatchObject({ status: 410, body: { code: 'CALLBACK.TOKEN_EXPIRED' } });
      expect((await postForm(token, satisfied)).status).toBe(410);
      expect((await postJson('A'.repeat(32), satisfied)).body.code).toBe('CALLBACK.TOKEN_INVALID');
      expect((await page('not-a-token')).status).toBe(404);
      expect((await taskById(cb.id)).state).toBe('pending');
      expect((await ticket(t.id)).state).toBe('callback_pending');
    });

    it('takes a digit reply from the caller’s number, and refuses one from another number, recording nothing', async () => {
      const phone = newPhone();
      const t = await ctx.d.inState('callback_pending', { citizenPhone: phone });
      const cb = await task(t.id);
      await as('agent').post(`/callbacks/${cb.id}/sms`);

      const stranger = newPhone();
      const refused = await sms({ id: uid('sms'), from: stranger, text: '1' });
      expect(refused).toMatchObject({ status: 403, body: { code: 'CALLBACK.NOT_FOR_THIS_NUMBER' } });
      expect((await one(`SELECT count(*)::int AS n FROM intake_record WHERE sender_phone = $1`, [stranger])).n).toBe(0);
      expect((await taskById(cb.id)).state).toBe('pending');

      const id = uid('sms');
      const rated = await sms({ id, from: `+86${phone}`, text: '2满意' });
      expect(rated).toMatchObject({ status: 200, body: { kind: 'callback', duplicate: false, ticketNo: t.no } });
      expect(await taskById(cb.id)).toMatchObject({ state: 'done', channel: 'sms', satisfaction: 'satisfied', resolved: 'resolved' });
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', satisfaction: 'satisfied' });
      expect((await one(`SELECT * FROM callback_link WHERE task_id = $1`, [cb.id])).reply_ref).toBe(id);
      const thanks = await one(`SELECT body FROM sms_message WHERE to_phone = $1 AND purpose = 'callback_thanks'`, [phone]);
      expect(thanks.body).toContain(t.no);

      // The gateway delivers again: the same answer. Another digit: refused.
      expect((await sms({ id, from: phone, text: '2满意' })).body).toMatchObject({ duplicate: true, ticketNo: t.no });
      expect((await sms({ id: uid('sms'), from: phone, text: '5' })).body.code).toBe('CALLBACK.TOKEN_USED');
      expect((await taskById(cb.id)).satisfaction).toBe('satisfied');
      // Anything that is not a digit reply is still an appeal.
      expect((await sms({ id: uid('sms'), from: phone, text: '1号楼楼道灯坏了' })).body).toMatchObject({ kind: 'appeal' });
    });

    it('asks again when the words contradict the digit', async () => {
      const phone = newPhone();
      const t = await ctx.d.inState('callback_pending', { citizenPhone: phone });
      const cb = await task(t.id);
      await as('agent').post(`/callbacks/${cb.id}/sms`);
      expect(await sms({ id: uid('sms'), from: phone, text: '1不满意' })).toMatchObject({
        status: 422,
        body: { code: 'CALLBACK.REPLY_UNCLEAR' },
      });
      expect((await taskById(cb.id)).state).toBe('pending');
    });
  });

  describe('by WeChat, and orders whose caller the unit never sees', () => {
    /** An appeal through the WeChat official account (plaintext mode), as WeChat's server would push it. */
    const wechatAppeal = async (openid: string, content: string): Promise<string> => {
      const ts = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(5).toString('hex');
      const xml =
        `<xml><ToUserName><![CDATA[gh_12345hotline]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName>` +
        `<CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
        `<MsgId>${Date.now()}${seq++}</MsgId></xml>`;
      const q = { signature: wechatSignature(process.env.WECHAT_TOKEN!, ts, nonce), timestamp: ts, nonce, openid: 'ignored' };
      const res = await ctx.w.http.post(`/channels/wechat?${new URLSearchParams(q)}`, xml, { 'content-type': 'text/xml; charset=utf-8' });
      const no = /(\d{8}-\d{8,})/.exec(String(res.body))![1];
      return (await one(`SELECT id FROM ticket WHERE no = $1`, [no])).id;
    };

    it('calls an anonymous WeChat appeal back through WeChat only: the link goes out as a customer-service message', async () => {
      const openid = `oTest${randomBytes(10).toString('hex')}`;
      const id = await wechatAppeal(openid, '东华路菜市场门口每天早上有流动摊贩占道经营');
      ctx.d.versions.set(id, (await ticket(id)).version);
      await ctx.d.must('agent', id, 'amend', {
        appealType: 'complaint',
        categoryId: ctx.w.categories.leaf.id,
        title: '菜市场门口占道经营',
        anonymous: true,
      });
      await ctx.d.must('agent', id, 'submit');
      await ctx.d.must('dispatcher', id, 'dispatch', { leadUnitId: ctx.w.units.district.id });
      await ctx.d.must('handlerDistrict', id, 'sign');
      await ctx.d.must('handlerDistrict', id, 'reply', { result: 'resolved', replyText: '已清理占道摊贩' });
      await ctx.d.must('supervisor', id, 'accept-reply');
      const cb = await task(id);
      const item = (await as('agent').get(`/callbacks/${cb.id}`)).body;
      expect(item).toMatchObject({ ways: { phone: false, sms: false, wechat: true }, caller: { name: null, phone: null } });
      expect(item.script).toMatch(/^【匿名件】/);
      expect((await as('agent').post(`/callbacks/${cb.id}/sms`)).body.code).toBe('CALLBACK.NO_PHONE');

      const sent = await as('agent').post(`/callbacks/${cb.id}/wechat`);
      expect(sent).toMatchObject({ status: 200, body: { channel: 'wechat' } });
      const message = await one(`SELECT * FROM callback_attempt WHERE task_id = $1 AND channel = 'wechat'`, [cb.id]);
      expect(message).toMatchObject({ outcome: 'sent', recipient: openid, user_id: ctx.w.users.agent.id });
      expect(message.body).toContain('请点击链接评价办理结果');
      const token = linkIn(message.body)!;
      // The agent's list never shows the live link.
      const listed = (await as('agent').get(`/callbacks/${cb.id}`)).body;
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(listed.lastLink).toMatchObject({ channel: 'wechat', usedAt: null });

      // The same link submitted twice at once (two taps): one rating, the other told the link is used.
      const both = await Promise.all([
        postJson(token, { resolved: 'resolved', satisfaction: 'basically_satisfied' }),
        postJson(token, { resolved: 'partly', satisfaction: 'satisfied' }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.status === 409)!.body.code).toBe('CALLBACK.TOKEN_USED');
      expect(both.find((r) => r.status === 200)!.body).toMatchObject({ ok: true });
      const winner = both.find((r) => r.status === 200)! === both[0] ? 'basically_satisfied' : 'satisfied';
      expect(await taskById(cb.id)).toMatchObject({ state: 'done', channel: 'wechat', satisfaction: winner });
      expect((await ticket(id)).state).toBe('closed');
    });

    it('records an anonymous order with no way back as unreached at once, and closes it', async () => {
      const t = await ctx.d.inState('callback_pending', { anonymous: true, citizenName: undefined, citizenPhone: undefined });
      const cb = await task(t.id);
      await waitFor(async () => (await taskById(cb.id)).state === 'unreached', 'the callback recorded unreached');
      expect((await taskById(cb.id)).reason).toContain('匿名');
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', callback_reached: false, satisfaction: null });
    });

    it('shows a confidential order’s caller to the centre for the callback (audited), never to the unit', async () => {
      const phone = newPhone();
      const t = await ctx.d.inState('callback_pending', { confidential: true, citizenPhone: phone });
      const cb = await task(t.id);
      const item = (await as('agent').get(`/callbacks/${cb.id}`)).body;
      expect(item.caller).toEqual({ name: '张三丰', phone, enterprise: null, masked: false });
      expect(item.script).toMatch(/^【保密件】/);
      const audit = await one(`SELECT * FROM pii_access_log WHERE ticket_id = $1 AND purpose = 'callback'`, [t.id]);
      expect(audit).toMatchObject({ user_id: ctx.w.users.agent.id, fields: ['name', 'phone'] });
      const unitView = (await as('handlerDistrict').get(`/tickets/${t.id}`)).body;
      expect(unitView.citizen).toMatchObject({ masked: true });
      expect(unitView.citizen.phone).not.toBe(phone);
      expect((await as('handlerDistrict').get(`/callbacks/${cb.id}`)).status).toBe(403);
      const list = (await as('handlerDistrict').get(`/tickets?q=${t.no}`)).body;
      expect(JSON.stringify(list)).not.toContain(phone);
    });
  });

  describe('dissatisfied callbacks, review and sampling', () => {
    it('reopens the order to the same unit with a new deadline; dissatisfied again opens a supervision order', async () => {
      const t = await ctx.d.inState('callback_pending');
      const before = await ticket(t.id);
      const first = await task(t.id);
      await rate(first.id, {
        resolved: 'unresolved',
        satisfaction: 'dissatisfied',
        complaintAbout: 'handling',
        reason: '摊贩第二天又回来了',
      });
      await waitFor(async () => (await ticket(t.id)).state === 'in_progress', 'the order reopened');
      const reopened = await ticket(t.id);
      expect(reopened).toMatchObject({ reopen_round: 1, lead_unit_id: ctx.w.units.district.id, closed_at: null, rework: true });
      expect(reopened.due_at.getTime()).toBeGreaterThan(before.due_at.getTime());
      const flow = await one(`SELECT * FROM ticket_flow WHERE ticket_id = $1 AND action = 'reopen'`, [t.id]);
      expect(flow).toMatchObject({ actor_role: 'system', details: expect.objectContaining({ round: 1 }) });
      expect(flow.opinion).toContain('摊贩第二天又回来了');

      ctx.d.versions.set(t.id, reopened.version);
      await ctx.d.must('handlerDistrict', t.id, 'reply', { result: 'resolved', replyText: '已安排每日早市专人值守' });
      await ctx.d.must('supervisor', t.id, 'accept-reply');
      const second = await task(t.id, 1);
      expect(second).toMatchObject({ state: 'pending', unit_id: ctx.w.units.district.id });
      expect((await taskById(first.id)).state).toBe('done');
      await rate(second.id, { resolved: 'unresolved', satisfaction: 'very_dissatisfied', complaintAbout: 'handling' });
      await waitFor(
        async () => Boolean(await one(`SELECT * FROM supervision WHERE ticket_id = $1 AND source = 'dissatisfied_again'`, [t.id])),
        'the supervision order',
      );
      await settled(t.id);
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', reopen_round: 1, supervised: true, satisfaction: 'very_dissatisfied' });
    });

    it('does not reopen when the citizen is dissatisfied with a policy', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      await rate(cb.id, { resolved: 'unresolved', satisfaction: 'dissatisfied', complaintAbout: 'policy' });
      await settled(t.id);
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', reopen_round: 0 });
    });

    it('lets a supervisor overturn a rating with a reason, keeping the original', async () => {
      const t = await ctx.d.inState('callback_pending');
      const cb = await task(t.id);
      await rate(cb.id, { resolved: 'unresolved', satisfaction: 'dissatisfied', complaintAbout: 'other', reason: '对邻居不满' });
      await settled(t.id);
      const review = { satisfaction: 'basically_satisfied', resolved: 'resolved', reason: '录音核实：不满意针对的是邻居，与办理无关' };
      expect((await as('agent').post(`/callbacks/${cb.id}/review`, review)).status).toBe(403);
      const res = await as('supervisor').post(`/callbacks/${cb.id}/review`, review);
      expect(res.status).toBe(200);
      expect(await taskById(cb.id)).toMatchObject({
        satisfaction: 'basically_satisfied',
        resolved: 'resolved',
        original_satisfaction: 'dissatisfied',
        original_resolved: 'unresolved',
        reviewed_by: ctx.w.users.supervisor.id,
        review_reason: review.reason,
        reason: '对邻居不满',
      });
      expect(await ticket(t.id)).toMatchObject({ state: 'closed', satisfaction: 'basically_satisfied', callback_result: 'resolved' });
      // A second review keeps the citizen's rating as the original.
      await as('supervisor').post(`/callbacks/${cb.id}/review`, { ...review, satisfaction: 'satisfied', reason: '复核更正' });
      expect(await taskById(cb.id)).toMatchObject({ satisfaction: 'satisfied', original_satisfaction: 'dissatisfied' });
      const listed = (await as('supervisor').get(`/callbacks?state=done&ticketId=${t.id}`)).body.items[0];
      expect(listed.review).toMatchObject({ originalSatisfaction: 'dissatisfied', reason: '复核更正' });

      const unreached = await task((await ctx.d.inState('callback_pending')).id);
      await as('agent').post(`/callbacks/${unreached.id}/attempts`, { outcome: 'no_answer' });
      await as('agent').post(`/callbacks/${unreached.id}/attempts`, { outcome: 'no_answer' });
      expect((await as('supervisor').post(`/callbacks/${unreached.id}/review`, review)).body.code).toBe('CALLBACK.NOT_REVIEWABLE');
    });

    it('samples first-contact closures (rate 1 here) and records their outcome on the task only', async () => {
      const t = await ctx.d.register();
      await ctx.d.must('agent', t.id, 'close-first-contact', { answer: '占道经营请拨打城管执法热线，或由我们转办' });
      const cb = await task(t.id, 0, 'sample');
      expect(cb).toMatchObject({ state: 'pending', unit_id: ctx.w.units.centre.id });
      const item = (await as('agent').get(`/callbacks/${cb.id}`)).body;
      expect(item).toMatchObject({ kind: 'sample', kindLabel: '直接办结抽样回访' });
      expect(item.script).toContain('热线当时答复您');
      const closed = await ticket(t.id);
      expect((await rate(cb.id, satisfied)).body).toMatchObject({ state: 'done', satisfaction: 'satisfied' });
      const after = await ticket(t.id);
      expect(after).toMatchObject({ state: 'closed', satisfaction: null, version: closed.version });
    });
  });
});

describe('callbacks with first-contact sampling off (e2e)', () => {
  const ctx = useWorld({ worker: true, env: { CALLBACK_FIRST_CONTACT_SAMPLE_RATE: '0' } });
  const { settled, one } = helpers(ctx);

  it('draws no first-contact closure for a callback', async () => {
    const t = await ctx.d.register();
    await ctx.d.must('agent', t.id, 'close-first-contact', { answer: '已当场答复' });
    await settled(t.id);
    expect((await one(`SELECT count(*)::int AS n FROM callback_task WHERE ticket_id = $1`, [t.id])).n).toBe(0);
  });
});
