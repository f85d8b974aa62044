import { QUEUES } from '@app/common';
import { TimerService, timerJobId } from '@app/dispatch';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { PrivateRedis, waitFor } from '../setup/redis-server';
import { useWorld } from '../setup/world-system';

/** Timers, auto-dispatch and realtime with the real worker, on a Redis of this file's own (so it can be flushed). */
describe('deadline timers, auto-dispatch and realtime (e2e, real worker)', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  const ctx = useWorld(() => ({
    env: { REDIS_URL: redis.url, REDIS_PREFIX: `timers_test_${process.pid}`, TIMER_SWEEP_MS: '300', OUTBOX_POLL_MS: '50' },
  }));
  const sockets: Socket[] = [];
  // One teardown, in order: clients, then the system, then its Redis (stopping Redis first fails the close).
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await ctx.sys?.close();
    await redis?.down();
  });

  const timers = () => ctx.sys.worker!.get(TimerService);
  const queue = () => ctx.sys.worker!.get<Queue>(getQueueToken(QUEUES.timers), { strict: false });
  const rows = async (id: string) =>
    (await ctx.ds.query(`SELECT kind, fire_at, fired_at FROM ticket_timer WHERE ticket_id = $1 ORDER BY fire_at, kind`, [id])) as {
      kind: string;
      fire_at: Date;
      fired_at: Date | null;
    }[];
  const card = async (id: string) => (await ctx.ds.query(`SELECT card FROM ticket WHERE id = $1`, [id]))[0].card as string | null;
  /** Waits until the worker has processed every event of an order (and so re-planned its timers for the last time). */
  const settled = (id: string) =>
    waitFor(
      async () =>
        (await ctx.ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1 AND processed_at IS NULL`, [id]))[0].n ===
        0,
      `the events of order ${id}`,
    );

  /** Moves an order's yellow card and deadline to these offsets from now, and lets its timers follow. */
  const moveDeadline = async (id: string, warnInMs: number, dueInMs: number) => {
    await ctx.ds.query(
      `UPDATE ticket SET warn_at = now() + $2 * interval '1 millisecond', due_at = now() + $3 * interval '1 millisecond' WHERE id = $1`,
      [id, warnInMs, dueInMs],
    );
    await timers().reconcile(id);
  };

  it('plans reminders and cards when an order is dispatched, with a Bull job for each', async () => {
    const t = await ctx.d.inState('dispatched');
    await waitFor(async () => (await rows(t.id)).some((r) => r.kind === 'red'), 'timers planned by the worker');
    const planned = await rows(t.id);
    expect(planned.map((r) => r.kind)).toEqual(expect.arrayContaining(['yellow', 'red']));
    const red = planned.find((r) => r.kind === 'red')!;
    expect(red.fire_at.toISOString()).toBe(t.deadlines.dueAt);
    for (const r of planned) expect(await queue().getJob(timerJobId(t.id, r.kind, r.fire_at))).not.toBeNull();
  });

  it('reschedules the timers when an extension moves the deadline', async () => {
    const t = await ctx.d.inState('extension_requested');
    await waitFor(async () => (await rows(t.id)).some((r) => r.kind === 'red'), 'timers planned');
    const oldRed = (await rows(t.id)).find((r) => r.kind === 'red')!;
    const approved = await ctx.d.must('supervisor', t.id, 'approve-extension');
    await waitFor(
      async () => (await rows(t.id)).find((r) => r.kind === 'red')?.fire_at.toISOString() === approved.deadlines.dueAt,
      'red card moved',
    );
    expect(await queue().getJob(timerJobId(t.id, 'red', oldRed.fire_at))).toBeNull();
    const newRed = (await rows(t.id)).find((r) => r.kind === 'red')!;
    expect(await queue().getJob(timerJobId(t.id, 'red', newRed.fire_at))).not.toBeNull();
  });

  it('shows a yellow then a red card, opens a supervision order, and tells the unit and its head', async () => {
    const t = await ctx.d.inState('in_progress');
    await settled(t.id);
    await moveDeadline(t.id, 300, 3_600_000);
    await waitFor(async () => (await card(t.id)) === 'yellow', 'the yellow card', 20_000);
    await moveDeadline(t.id, -1000, 300);
    await waitFor(async () => (await card(t.id)) === 'red', 'the red card', 20_000);
    const flow = (await ctx.d.detail('supervisor', t.id)).flow.map(
      (f: { action: string; actorRole: string }) => `${f.action}/${f.actorRole}`,
    );
    expect(flow).toEqual(expect.arrayContaining(['yellow_card/system', 'red_card/system']));
    expect(await ctx.ds.query(`SELECT source, state, unit_id FROM supervision WHERE ticket_id = $1`, [t.id])).toEqual([
      { source: 'red_card', state: 'open', unit_id: ctx.w.units.district.id },
    ]);
    const head = (await ctx.w.http.as(ctx.w.tokens.headDistrict).get('/notifications')).body.items.map(
      (n: { kind: string; ticketId: string }) => `${n.kind}:${n.ticketId}`,
    );
    expect(head).toEqual(expect.arrayContaining([`red_card:${t.id}`, `supervision:${t.id}`]));
    // The same job delivered again (a retry) changes nothing.
    const red = (await rows(t.id)).find((r) => r.kind === 'red')!;
    expect(await timers().fire({ ticketId: t.id, kind: 'red', fireAt: red.fire_at.toISOString() })).toBe('stale');
    expect((await ctx.ds.query(`SELECT count(*)::int AS n FROM supervision WHERE ticket_id = $1`, [t.id]))[0].n).toBe(1);
  });

  it('reminds the deputy head when that step comes, in the app, by SMS and in the flow', async () => {
    const t = await ctx.d.inState('in_progress');
    await settled(t.id);
    // The 1-working-day step (deputy head) falls due now: as if its time had come.
    await ctx.ds.query(
      `INSERT INTO ticket_timer (ticket_id, kind, fire_at, due_at) SELECT id, 'remind:1', now() - interval '1 second', due_at FROM ticket WHERE id = $1
       ON CONFLICT (ticket_id, kind) DO UPDATE SET fire_at = EXCLUDED.fire_at, fired_at = NULL`,
      [t.id],
    );
    const deputy = ctx.w.http.as(ctx.w.tokens.deputyDistrict);
    await waitFor(
      async () =>
        (await deputy.get('/notifications')).body.items.some(
          (n: { kind: string; ticketId: string }) => n.kind === 'reminder' && n.ticketId === t.id,
        ),
      'the reminder, fired by the sweeper',
    );
    const sms = await ctx.ds.query(`SELECT to_phone FROM sms_message WHERE ticket_id = $1 AND purpose = 'reminder'`, [t.id]);
    expect(sms).toEqual([{ to_phone: ctx.w.users.deputyDistrict.phone }]);
    const flow = (await ctx.d.detail('supervisor', t.id)).flow.map((f: { action: string }) => f.action);
    expect(flow).toContain('remind');
  });

  it('opens a supervision order when a reopened order is rated dissatisfied again', async () => {
    const t = await ctx.d.inState('closed');
    await ctx.d.must('supervisor', t.id, 'reopen', { reason: '诉求人不满意' });
    await ctx.d.must('handlerDistrict', t.id, 'reply', { result: 'partly', replyText: '再次处理' });
    await ctx.d.must('supervisor', t.id, 'accept-reply');
    await ctx.d.must('agent', t.id, 'callback', { reached: true, resolved: 'unresolved', satisfaction: 'very_dissatisfied' });
    await waitFor(
      async () =>
        (await ctx.ds.query(`SELECT 1 FROM supervision WHERE ticket_id = $1 AND source = 'dissatisfied_again'`, [t.id])).length === 1,
      'the supervision order',
    );
  });

  it('ignores a timer whose order was replied to in time', async () => {
    const t = await ctx.d.inState('in_progress');
    await waitFor(async () => (await rows(t.id)).length > 0, 'timers planned');
    await ctx.d.must('handlerDistrict', t.id, 'reply', { result: 'resolved', replyText: '已处理' });
    await waitFor(async () => (await rows(t.id)).length === 0, 'timers dropped after the reply');
    expect(await card(t.id)).toBeNull();
  });

  it('loses no timer when Redis is flushed: the sweeper rebuilds the jobs from the database', async () => {
    const t = await ctx.d.inState('in_progress');
    await settled(t.id);
    await ctx.ds.query(`UPDATE ticket SET due_at = now() + interval '3 seconds', warn_at = now() + interval '2 seconds' WHERE id = $1`, [
      t.id,
    ]);
    await timers().reconcile(t.id);
    const flush = new Redis(redis.url);
    await flush.flushall();
    flush.disconnect();
    expect(await queue().getJob(timerJobId(t.id, 'red', (await rows(t.id)).find((r) => r.kind === 'red')!.fire_at))).toBeNull();
    await waitFor(async () => (await card(t.id)) === 'red', 'the red card after the flush', 20_000);
  });

  it('auto-dispatches where the category allows it and a confident rule matches', async () => {
    const admin = ctx.w.http.as(ctx.w.tokens.admin);
    await admin.post('/dispatch-rules', {
      categoryId: ctx.w.categories.leaf.id,
      leadUnitId: ctx.w.units.department.id,
      autoDispatch: true,
      priority: 50,
    });
    await admin.request('PUT', `/categories/${ctx.w.categories.leaf.id}/auto-dispatch`, { enabled: true });
    const t = await ctx.d.inState('to_dispatch');
    await waitFor(async () => (await ctx.d.detail('supervisor', t.id)).state === 'dispatched', 'auto-dispatch');
    const detail = await ctx.d.detail('supervisor', t.id);
    expect(detail.leadUnitId).toBe(ctx.w.units.department.id);
    expect(detail.flow.at(-1)).toMatchObject({ action: 'dispatch', actorRole: 'system' });
    await admin.request('PUT', `/categories/${ctx.w.categories.leaf.id}/auto-dispatch`, { enabled: false });
  });

  it('pushes new dispatches, approval requests and notices to the right rooms only', async () => {
    const listen = async (who: keyof typeof ctx.w.tokens) => {
      const heard: string[] = [];
      const s = io(ctx.sys.baseUrl, { auth: { token: ctx.w.tokens[who] }, transports: ['websocket'] });
      sockets.push(s);
      s.onAny((event: string, data: { id?: string; ticketId?: string }) => heard.push(`${event}:${data.ticketId ?? data.id}`));
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      return heard;
    };
    const district = await listen('handlerDistrict');
    const other = await listen('handlerDistrict2');
    const centre = await listen('dispatcher');
    const t = await ctx.d.inState('return_requested');
    await waitFor(
      () => district.includes(`ticket.dispatched:${t.id}`) && district.includes(`notification.created:${t.id}`),
      'dispatch heard by the unit',
    );
    await waitFor(() => centre.includes(`approval.requested:${t.id}`), 'approval request heard by the centre');
    expect(district.filter((e) => e.startsWith('approval.requested'))).toEqual([]);
    // A barrier for the other district: once it hears its own order, it would have heard ours.
    const theirs = await ctx.d.inState('to_dispatch');
    await ctx.d.must('dispatcher', theirs.id, 'dispatch', { leadUnitId: ctx.w.units.district2.id });
    await waitFor(() => other.includes(`ticket.dispatched:${theirs.id}`), 'the other district hears its own order');
    expect(other.filter((e) => e.endsWith(`:${t.id}`))).toEqual([]);
  });
});
