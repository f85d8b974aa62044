import { WorkingCalendar } from '@app/dispatch';
import { useWorld } from '../setup/world-system';

/** Dispatch, deadlines, approvals and supervision through the API (timers: see timers.e2e-spec.ts). */
describe('dispatch, deadlines and supervision (e2e)', () => {
  const ctx = useWorld();
  const as = (who: Parameters<typeof ctx.w.http.as>[0] extends string ? keyof typeof ctx.w.tokens : never) =>
    ctx.w.http.as(ctx.w.tokens[who]);
  const notices = async (who: keyof typeof ctx.w.tokens) =>
    (await as(who).get('/notifications')).body as { unread: number; items: { kind: string; ticketId: string; title: string }[] };

  describe('routing', () => {
    it('lets admins keep the dispatch catalogue, and nobody else', async () => {
      const body = {
        categoryId: ctx.w.categories.leaf.id,
        regionId: ctx.w.regions.district.id,
        leadUnitId: ctx.w.units.district.id,
        coUnitIds: [ctx.w.units.department.id],
        note: '属地管理',
      };
      expect((await as('dispatcher').post('/dispatch-rules', body)).status).toBe(403);
      const created = await as('admin').post('/dispatch-rules', body);
      expect(created).toMatchObject({ status: 201, body: { leadUnitId: ctx.w.units.district.id, keywords: [], active: true } });
      const updated = await as('admin').request('PUT', `/dispatch-rules/${created.body.id}`, { ...body, priority: 5 });
      expect(updated.body.priority).toBe(5);
      const bad = await as('admin').post('/dispatch-rules', { ...body, leadUnitId: ctx.w.units.inactive.id });
      expect(bad).toMatchObject({ status: 422, body: { code: 'UNIT.INACTIVE' } });
      expect((await as('admin').request('DELETE', `/dispatch-rules/${created.body.id}`)).status).toBe(204);
      expect((await as('admin').request('DELETE', `/dispatch-rules/${created.body.id}`)).status).toBe(404);
    });

    it('suggests units ranked, each with its reasons: the catalogue, the street’s history, the caller’s last order', async () => {
      const phone = '13600000001'.replace(/1$/, String(Math.floor(Math.random() * 9)));
      // The caller's previous order on the same matter went to the department.
      const before = await ctx.d.inState('to_dispatch', { citizenPhone: phone });
      await ctx.d.must('dispatcher', before.id, 'dispatch', { leadUnitId: ctx.w.units.department.id });
      await as('admin').post('/dispatch-rules', {
        categoryId: ctx.w.categories.leaf.id,
        regionId: ctx.w.regions.street.id,
        keywords: ['摊贩'],
        leadUnitId: ctx.w.units.street.id,
      });
      await as('admin').post('/dispatch-rules', { categoryId: ctx.w.categories.top.id, leadUnitId: ctx.w.units.district.id });
      const t = await ctx.d.inState('to_dispatch', { citizenPhone: phone });
      const res = await as('dispatcher').get(`/tickets/${t.id}/dispatch-suggestions`);
      expect(res.status).toBe(200);
      const [first, ...rest] = res.body as { unitId: number; reasons: { source: string; text: string }[] }[];
      expect(first.unitId).toBe(ctx.w.units.street.id);
      expect(first.reasons[0]).toMatchObject({ source: 'catalogue' });
      expect(first.reasons[0].text).toContain('摊贩');
      const byUnit = new Map(rest.map((s) => [s.unitId, s]));
      expect(byUnit.get(ctx.w.units.district.id)?.reasons[0].source).toBe('catalogue');
      expect(byUnit.get(ctx.w.units.department.id)?.reasons.map((r) => r.source)).toContain('caller');
      expect((await as('handlerDistrict').get(`/tickets/${t.id}/dispatch-suggestions`)).status).toBe(403);
    });
  });

  describe('deadlines', () => {
    it('dispatches with deadlines from the time-limit rules and the calendar, and the yellow-card time', async () => {
      const t = await ctx.d.inState('to_dispatch', { appealType: 'suggestion' });
      const res = await ctx.d.must('dispatcher', t.id, 'dispatch', { leadUnitId: ctx.w.units.district.id });
      expect(res.deadlines.rule).toBe('suggestion');
      // 15 working days on the shipped State Council calendar, to the minute.
      const due = new Date(res.deadlines.dueAt).getTime();
      expect(due).toBe(WorkingCalendar.fromShippedData().addWorkingDays(new Date(res.timestamps.dispatchedAt), 15).getTime());
      const detail = await ctx.d.detail('supervisor', t.id);
      expect(new Date(detail.deadlines.signDueAt).getTime()).toBeLessThan(due);
      const [row] = await ctx.ds.query('SELECT warn_at, due_at FROM ticket WHERE id = $1', [t.id]);
      expect(row.warn_at.getTime()).toBeLessThan(row.due_at.getTime());
    });

    it('uses the complex-matter limit only when the dispatcher names it', async () => {
      const t = await ctx.d.inState('to_dispatch');
      const res = await ctx.d.must('dispatcher', t.id, 'dispatch', { leadUnitId: ctx.w.units.district.id, timeLimitCode: 'complex' });
      expect(res.deadlines.rule).toBe('complex');
      const unknown = await ctx.d.inState('to_dispatch');
      expect(
        (await ctx.d.act('dispatcher', unknown.id, 'dispatch', { leadUnitId: ctx.w.units.district.id, timeLimitCode: 'nope' })).body.code,
      ).toBe('DISPATCH.NO_TIME_LIMIT');
    });

    it('serves the calendar, marks 2027 provisional, and lets only admins edit it', async () => {
      const y2026 = await as('agent').get('/calendar/2026');
      expect(y2026.body.provisional).toBe(false);
      expect(y2026.body.days).toEqual(expect.arrayContaining([expect.objectContaining({ day: '2026-02-14', working: true })]));
      expect((await as('agent').get('/calendar/2027')).body.provisional).toBe(true);
      expect((await as('dispatcher').request('PUT', '/calendar/days/2031-05-06', { working: false, name: '测试' })).status).toBe(403);
      expect((await as('admin').request('PUT', '/calendar/days/2031-13-45', { working: false })).body.code).toBe('CALENDAR.DATE_INVALID');
      const set = await as('admin').request('PUT', '/calendar/days/2031-05-06', { working: false, name: '临时休假' });
      expect(set.body).toMatchObject({ day: '2031-05-06', working: false, source: 'admin' });
      expect((await as('admin').request('DELETE', '/calendar/days/2031-05-06')).status).toBe(204);
    });

    it('lets admins change a time limit, which the next dispatch uses', async () => {
      const rules = (await as('dispatcher').get('/time-limit-rules')).body as { code: string }[];
      expect(rules.map((r) => r.code)).toEqual(expect.arrayContaining(['critical', 'urgent', 'complaint', 'suggestion', 'complex']));
      const bad = await as('admin').request('PUT', '/time-limit-rules/report', {
        signAmount: 1,
        signUnit: 'fortnights',
        contactAmount: 1,
        contactUnit: 'working_days',
        finishAmount: 7,
        finishUnit: 'working_days',
      });
      expect(bad.status).toBe(400);
      const ok = await as('admin').request('PUT', '/time-limit-rules/report', {
        signAmount: 1,
        signUnit: 'working_days',
        contactAmount: 1,
        contactUnit: 'working_days',
        finishAmount: 7,
        finishUnit: 'working_days',
      });
      expect(ok.body.finishAmount).toBe('7.00');
      const t = await ctx.d.inState('to_dispatch', { appealType: 'report' });
      const res = await ctx.d.must('dispatcher', t.id, 'dispatch', { leadUnitId: ctx.w.units.district.id });
      expect(res.deadlines.rule).toBe('report');
      const sevenDays = WorkingCalendar.fromShippedData().addWorkingDays(new Date(res.timestamps.dispatchedAt), 7);
      expect(new Date(res.deadlines.dueAt).getTime()).toBe(sevenDays.getTime());
    });
  });

  describe('returns and extensions', () => {
    it('refuses a return after the window, or without a reason or the right unit', async () => {
      const t = await ctx.d.inState('dispatched');
      expect((await ctx.d.act('handlerDistrict', t.id, 'request-return', { suggestedUnitId: ctx.w.units.district2.id })).status).toBe(400);
      expect((await ctx.d.act('handlerDistrict', t.id, 'request-return', { reason: '不属本单位' })).status).toBe(400);
      await ctx.ds.query(`UPDATE ticket SET dispatched_at = now() - interval '10 days' WHERE id = $1`, [t.id]);
      const late = await ctx.d.act('handlerDistrict', t.id, 'request-return', {
        reason: '不属本单位',
        suggestedUnitId: ctx.w.units.district2.id,
      });
      expect(late).toMatchObject({ status: 409, body: { code: 'TICKET.RETURN_WINDOW_CLOSED' } });
      expect((await ctx.d.detail('supervisor', t.id)).state).toBe('dispatched');
    });

    it('tells the centre’s reviewers of a request, and re-dispatches at once on approval to the unit named', async () => {
      const t = await ctx.d.inState('return_requested');
      expect((await notices('dispatcher')).items.some((n) => n.ticketId === t.id && n.kind === 'approval')).toBe(true);
      // Only a dispatcher re-dispatches; a supervisor's attempt changes nothing, not even the approval.
      const bySupervisor = await ctx.d.act('supervisor', t.id, 'approve-return', { leadUnitId: ctx.w.units.district2.id });
      expect(bySupervisor).toMatchObject({ status: 403, body: { code: 'TICKET.ROLE_NOT_ALLOWED' } });
      expect((await ctx.d.detail('supervisor', t.id)).state).toBe('return_requested');
      const res = await ctx.d.must('dispatcher', t.id, 'approve-return', { leadUnitId: ctx.w.units.district2.id });
      expect(res).toMatchObject({ state: 'dispatched', leadUnitId: ctx.w.units.district2.id, returnCount: 1 });
      expect((await notices('handlerDistrict2')).items.some((n) => n.ticketId === t.id && n.kind === 'dispatched')).toBe(true);
      const flow = (await ctx.d.detail('supervisor', t.id)).flow.map((f: { action: string }) => f.action);
      expect(flow.slice(-2)).toEqual(['approve_return', 'dispatch']);
    });

    it('refuses an extension asked for after the deadline', async () => {
      const t = await ctx.d.inState('in_progress');
      await ctx.ds.query(`UPDATE ticket SET due_at = now() - interval '1 hour' WHERE id = $1`, [t.id]);
      const res = await ctx.d.act('handlerDistrict', t.id, 'request-extension', {
        reason: '需协调',
        newDueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(res).toMatchObject({ status: 409, body: { code: 'TICKET.EXTENSION_TOO_LATE' } });
    });

    it('moves the yellow-card time with an approved extension', async () => {
      const t = await ctx.d.inState('extension_requested');
      const [before] = await ctx.ds.query('SELECT warn_at FROM ticket WHERE id = $1', [t.id]);
      await ctx.d.must('supervisor', t.id, 'approve-extension');
      const [after] = await ctx.ds.query('SELECT warn_at, due_at, card FROM ticket WHERE id = $1', [t.id]);
      expect(after.warn_at.getTime()).toBeGreaterThan(before.warn_at.getTime());
      expect(after.warn_at.getTime()).toBeLessThan(after.due_at.getTime());
    });
  });

  describe('urging, supervision, co-handling and 办不成事', () => {
    it('urges: counted, noted, and the unit is told in the app and by SMS', async () => {
      const t = await ctx.d.inState('in_progress');
      await ctx.d.must('supervisor', t.id, 'urge', { opinion: '群众多次来电，请加快办理' });
      expect((await notices('handlerDistrict')).items.find((n) => n.ticketId === t.id)?.kind).toBe('urge');
      const sms = await ctx.ds.query(`SELECT to_phone, status, body FROM sms_message WHERE ticket_id = $1 AND purpose = 'urge'`, [t.id]);
      // The liaison handler is texted; the head and deputy are not bothered with a routine urge.
      expect(sms).toEqual([expect.objectContaining({ to_phone: ctx.w.users.handlerDistrict.phone, status: 'recorded' })]);
      expect(sms[0].body).toContain('群众多次来电');
    });

    it('opens a supervision order on a supervisor’s decision, visible to the unit’s head, and closes it', async () => {
      const t = await ctx.d.inState('in_progress');
      await ctx.d.must('supervisor', t.id, 'supervise', { reason: '群众反映强烈，限期办结' });
      const mine = (await as('headDistrict').get('/supervisions')).body as { id: string; ticketId: string; source: string }[];
      const s = mine.find((x) => x.ticketId === t.id)!;
      expect(s.source).toBe('supervisor');
      expect((await notices('headDistrict')).items.some((n) => n.ticketId === t.id && n.kind === 'supervision')).toBe(true);
      expect((await as('handlerDistrict2').get('/supervisions')).body.map((x: { ticketId: string }) => x.ticketId)).not.toContain(t.id);
      expect((await as('headDistrict').post(`/supervisions/${s.id}/close`, { result: '已办结' })).status).toBe(403);
      const closed = await as('supervisor').post(`/supervisions/${s.id}/close`, { result: '单位已限期整改完毕' });
      expect(closed.body).toMatchObject({ state: 'closed', result: '单位已限期整改完毕' });
    });

    it('takes a co-handling unit’s part, which the lead unit sees', async () => {
      const t = await ctx.d.inState('to_dispatch');
      await ctx.d.must('dispatcher', t.id, 'dispatch', { leadUnitId: ctx.w.units.district.id, coUnitIds: [ctx.w.units.department.id] });
      expect((await ctx.d.act('handlerDistrict2', t.id, 'co-reply', { partReply: 'x' })).status).toBe(404);
      expect((await ctx.d.act('handlerDistrict', t.id, 'co-reply', { partReply: 'x' })).status).toBe(403);
      await ctx.d.must('handlerDepartment', t.id, 'co-reply', { partReply: '城管局已安排执法中队配合' });
      const detail = await ctx.d.detail('handlerDistrict', t.id);
      expect(detail.coUnits).toEqual([
        expect.objectContaining({ unitId: ctx.w.units.department.id, partReply: '城管局已安排执法中队配合' }),
      ]);
    });

    it('runs the 办不成事 loop: review, automatic supervision, and inspection before it may close', async () => {
      const t = await ctx.d.register({
        appealType: 'cannot_do',
        title: '社保转移办理不成',
        content: '多次前往窗口均被告知系统故障，无法办理社保转移',
      });
      await ctx.d.must('agent', t.id, 'submit');
      await ctx.d.must('dispatcher', t.id, 'confirm');
      const sup = await ctx.ds.query(`SELECT source, state FROM supervision WHERE ticket_id = $1`, [t.id]);
      expect(sup).toEqual([{ source: 'cannot_do', state: 'open' }]);
      await ctx.d.must('dispatcher', t.id, 'dispatch', { leadUnitId: ctx.w.units.district.id });
      await ctx.d.must('handlerDistrict', t.id, 'sign');
      await ctx.d.must('handlerDistrict', t.id, 'reply', { result: 'resolved', replyText: '已协调人社局现场办结' });
      await ctx.d.must('supervisor', t.id, 'accept-reply');
      const blocked = await ctx.d.act('agent', t.id, 'callback', { reached: true, resolved: 'resolved', satisfaction: 'satisfied' });
      expect(blocked).toMatchObject({ status: 409, body: { code: 'TICKET.INSPECTION_REQUIRED' } });
      await ctx.d.must('supervisor', t.id, 'inspect', { findings: '现场核实：已为诉求人办结社保转移' });
      const closed = await ctx.d.must('agent', t.id, 'callback', { reached: true, resolved: 'resolved', satisfaction: 'satisfied' });
      expect(closed.state).toBe('closed');
      const other = await ctx.d.inState('callback_pending');
      expect((await ctx.d.act('supervisor', other.id, 'inspect', { findings: 'x' })).body.code).toBe('TICKET.INSPECTION_NOT_APPLICABLE');
    });
  });

  describe('办不成事 figures', () => {
    it('counts them, on time and satisfied, and refuses a bad range', async () => {
      const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const res = await as('manager').get(`/stats/cannot-do?from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBeGreaterThanOrEqual(1);
      expect(res.body).toHaveProperty('onTimeRate');
      expect(res.body).toHaveProperty('satisfactionRate');
      expect((await as('manager').get(`/stats/cannot-do?from=${to}&to=${from}`)).body.code).toBe('REQUEST.INVALID_RANGE');
      expect((await as('handlerDistrict').get(`/stats/cannot-do?from=${from}&to=${to}`)).status).toBe(403);
    });
  });

  describe('notifications', () => {
    it('lists mine with the unread count, and marks them read', async () => {
      const t = await ctx.d.inState('dispatched');
      const list = await notices('handlerDistrict');
      const n = list.items.find((x) => x.ticketId === t.id && x.kind === 'dispatched') as unknown as { id: string };
      expect(n).toBeDefined();
      expect((await as('handlerDistrict').post(`/notifications/${n.id}/read`)).status).toBe(204);
      expect((await notices('handlerDistrict')).unread).toBe(list.unread - 1);
      expect((await as('handlerDistrict2').post(`/notifications/${n.id}/read`)).status).toBe(404);
      await as('handlerDistrict').post('/notifications/read-all');
      expect((await notices('handlerDistrict')).unread).toBe(0);
    });
  });
});
