import { useWorld } from '../setup/world-system';
import { newPhone } from '../factories/world.factory';

describe('finding orders, masking and the audit of personal data (e2e)', () => {
  const ctx = useWorld();

  const audits = async (ticketId: string) =>
    (await ctx.ds.query('SELECT user_id, purpose FROM pii_access_log WHERE ticket_id = $1 ORDER BY id', [ticketId])) as {
      user_id: number;
      purpose: string;
    }[];

  it('numbers concurrent registrations uniquely', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        ctx.w.http
          .as(ctx.w.tokens.agent)
          .post('/tickets', { appealType: 'help', channel: 'web', title: '并发登记', content: '并发登记测试' }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => r.body.no);
    expect(new Set(numbers).size).toBe(40);
    for (const n of numbers) expect(n).toMatch(/^\d{8}-\d{8}$/);
  });

  it('lists with filters, keyset pages and a total; personal data masked', async () => {
    const phone = newPhone();
    const urgent = [];
    for (let i = 0; i < 5; i++)
      urgent.push(await ctx.d.register({ urgency: 'urgent', citizenPhone: phone, title: `紧急供水中断${ctx.w.tag}` }));
    const agent = ctx.w.http.as(ctx.w.tokens.agent);
    const page1 = await agent.get(`/tickets?urgency=urgent&q=${encodeURIComponent(`供水中断${ctx.w.tag}`)}&limit=2`);
    expect(page1.body.total).toBe(5);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items[0].citizen).toMatchObject({ name: '张**', masked: true });
    expect(page1.body.items[0].citizen.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const page2 = await agent.get(
      `/tickets?urgency=urgent&q=${encodeURIComponent(`供水中断${ctx.w.tag}`)}&limit=2&cursor=${page1.body.nextCursor}`,
    );
    const page3 = await agent.get(
      `/tickets?urgency=urgent&q=${encodeURIComponent(`供水中断${ctx.w.tag}`)}&limit=2&cursor=${page2.body.nextCursor}`,
    );
    const ids = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((t: { id: string }) => t.id);
    expect(ids).toEqual(urgent.map((t) => t.id).reverse());
    expect(page3.body.nextCursor).toBeNull();
    const byNo = await agent.get(`/tickets?q=${urgent[0].no}`);
    expect(byNo.body.items.map((t: { id: string }) => t.id)).toEqual([urgent[0].id]);
  });

  it('filters by unit (with sub-units), state, district, channel and date range', async () => {
    const t = await ctx.d.inState('dispatched', { channel: 'wechat' });
    const sup = ctx.w.http.as(ctx.w.tokens.supervisor);
    const inUnit = await sup.get(
      `/tickets?unitId=${ctx.w.units.district.id}&state=dispatched&channel=wechat&districtId=${ctx.w.regions.district.id}`,
    );
    expect(inUnit.body.items.map((x: { id: string }) => x.id)).toContain(t.id);
    const other = await sup.get(`/tickets?unitId=${ctx.w.units.district2.id}`);
    expect(other.body.items.map((x: { id: string }) => x.id)).not.toContain(t.id);
    const future = await sup.get(`/tickets?from=${new Date(Date.now() + 3600_000).toISOString()}`);
    expect(future.body.total).toBe(0);
  });

  it('shows a handler only their unit’s orders, including those of units below', async () => {
    const mine = await ctx.d.inState('dispatched');
    const h = ctx.w.http.as(ctx.w.tokens.handlerDistrict);
    const list = await h.get('/tickets?limit=100');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(mine.id);
    expect(
      list.body.items.every((x: { leadUnitId: number }) =>
        [ctx.w.units.district.id, ctx.w.units.street.id, ctx.w.units.community.id].includes(x.leadUnitId),
      ),
    ).toBe(true);
    const other = await ctx.w.http.as(ctx.w.tokens.handlerDistrict2).get('/tickets?limit=100');
    expect(other.body.items.map((x: { id: string }) => x.id)).not.toContain(mine.id);
  });

  it('gives the inbox tabs with counts that match their pages', async () => {
    await ctx.d.inState('dispatched');
    await ctx.d.inState('in_progress');
    const overdue = await ctx.d.inState('in_progress');
    await ctx.ds.query(`UPDATE ticket SET due_at = now() - interval '2 hours' WHERE id = $1`, [overdue.id]);
    const h = ctx.w.http.as(ctx.w.tokens.handlerDistrict);
    const toSign = await h.get('/tickets/inbox?tab=to_sign&limit=100');
    expect(toSign.body.counts.to_sign).toBe(toSign.body.items.length);
    expect(toSign.body.items.every((x: { state: string }) => x.state === 'dispatched')).toBe(true);
    const soon = await ctx.d.inState('in_progress');
    await ctx.ds.query(`UPDATE ticket SET warn_at = now() - interval '1 hour', due_at = now() + interval '5 hours' WHERE id = $1`, [
      soon.id,
    ]);
    const dueSoon = await h.get('/tickets/inbox?tab=due_soon&limit=100');
    expect(dueSoon.body.items.map((x: { id: string }) => x.id)).toContain(soon.id);
    expect(dueSoon.body.items.map((x: { id: string }) => x.id)).not.toContain(overdue.id);
    expect(dueSoon.body.counts.due_soon).toBe(dueSoon.body.items.length);
    const od = await h.get('/tickets/inbox?tab=overdue&limit=100');
    expect(od.body.items.map((x: { id: string }) => x.id)).toContain(overdue.id);
    expect(od.body.counts.overdue).toBe(od.body.items.length);
    expect(od.body.items.find((x: { id: string }) => x.id === overdue.id).deadlines.overdue).toBe(true);
    const other = await ctx.w.http.as(ctx.w.tokens.handlerDistrict2).get('/tickets/inbox?tab=overdue');
    expect(other.body.items.map((x: { id: string }) => x.id)).not.toContain(overdue.id);
    const approvals = await ctx.w.http.as(ctx.w.tokens.dispatcher).get('/tickets/inbox?tab=awaiting_approval&limit=100');
    const rr = await ctx.d.inState('return_requested');
    const approvals2 = await ctx.w.http.as(ctx.w.tokens.dispatcher).get('/tickets/inbox?tab=awaiting_approval&limit=100');
    expect(approvals2.body.counts.awaiting_approval).toBe(approvals.body.counts.awaiting_approval + 1);
    expect(approvals2.body.items.map((x: { id: string }) => x.id)).toContain(rr.id);
  });

  it('shows the caller in full to those who need it, audits each view, and masks for the rest', async () => {
    const t = await ctx.d.inState('dispatched');
    const asAgent = await ctx.d.detail('agent', t.id);
    expect(asAgent.citizen).toMatchObject({ name: '张三丰', masked: false });
    const asHandler = await ctx.d.detail('handlerDistrict', t.id);
    expect(asHandler.citizen.masked).toBe(false);
    const asManager = await ctx.d.detail('manager', t.id);
    expect(asManager.citizen).toMatchObject({ name: '张**', masked: true });
    const asAdmin = await ctx.d.detail('admin', t.id);
    expect(asAdmin.citizen.masked).toBe(true);
    expect(await audits(t.id)).toEqual([
      { user_id: ctx.w.users.agent.id, purpose: 'detail' },
      { user_id: ctx.w.users.handlerDistrict.id, purpose: 'detail' },
    ]);
  });

  it('masks a confidential order for everyone, and reveals it to the centre only with an audited purpose', async () => {
    const t = await ctx.d.inState('dispatched', { confidential: true });
    for (const who of ['agent', 'handlerDistrict', 'supervisor'] as const)
      expect((await ctx.d.detail(who, t.id)).citizen.masked).toBe(true);
    expect(await audits(t.id)).toEqual([]);
    const denied = await ctx.w.http.as(ctx.w.tokens.handlerDistrict).post(`/tickets/${t.id}/reveal`, { purpose: 'callback' });
    expect(denied.status).toBe(403);
    const shown = await ctx.w.http.as(ctx.w.tokens.supervisor).post(`/tickets/${t.id}/reveal`, { purpose: 'callback' });
    expect(shown).toMatchObject({ status: 200, body: { name: '张三丰', masked: false } });
    expect(await audits(t.id)).toEqual([{ user_id: ctx.w.users.supervisor.id, purpose: 'callback' }]);
  });

  it('refuses a name and phone on an anonymous appeal', async () => {
    const res = await ctx.w.http.as(ctx.w.tokens.agent).post('/tickets', {
      appealType: 'report',
      channel: 'phone',
      anonymous: true,
      citizenPhone: newPhone(),
      title: '举报',
      content: '匿名举报',
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'TICKET.ANONYMOUS_WITH_IDENTITY' } });
  });

  it('lists the caller’s previous orders for the agent, newest first, with the open ones counted', async () => {
    const phone = newPhone();
    const first = await ctx.d.register({ citizenPhone: phone });
    await ctx.d.must('agent', first.id, 'close-first-contact', { answer: '已答复' });
    const second = await ctx.d.inState('dispatched', { citizenPhone: phone });
    const res = await ctx.w.http.as(ctx.w.tokens.agent).get(`/tickets/caller-history?phone=${phone}`);
    expect(res.body).toMatchObject({ total: 2, openCount: 1 });
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([second.id, first.id]);
    expect((await ctx.w.http.as(ctx.w.tokens.agent).get('/tickets/caller-history?phone=abc')).status).toBe(400);
  });

  it('returns the whole flow in the detail, with labels', async () => {
    const t = await ctx.d.inState('callback_pending');
    const detail = await ctx.d.detail('supervisor', t.id);
    expect(detail.flow.map((f: { action: string }) => f.action)).toEqual([
      'register',
      'submit',
      'dispatch',
      'sign',
      'reply',
      'accept_reply',
    ]);
    expect(detail.flow[1]).toMatchObject({
      actionLabel: '提交派单',
      fromState: 'registered',
      toState: 'to_dispatch',
      actorUserId: ctx.w.users.agent.id,
    });
    expect(detail.allowedActions).toEqual(['message', 'record_callback', 'close']);
  });

  it('keeps the flow append-only in the database itself', async () => {
    const t = await ctx.d.register();
    await expect(ctx.ds.query('UPDATE ticket_flow SET opinion = $1 WHERE ticket_id = $2', ['篡改', t.id])).rejects.toThrow(/append-only/);
    await expect(ctx.ds.query('DELETE FROM ticket_flow WHERE ticket_id = $1', [t.id])).rejects.toThrow(/append-only/);
  });
});
