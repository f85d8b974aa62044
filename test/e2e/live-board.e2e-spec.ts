import { signWebhook } from '@app/intake';
import { randomBytes } from 'crypto';
import { io, Socket } from 'socket.io-client';
import { newPhone } from '../factories/world.factory';
import { waitFor } from '../setup/redis-server';
import { useWorld } from '../setup/world-system';

interface Figures {
  callsWaiting: number;
  callsToday: { offered: number; answered: number; connectionRate: number | null };
  ordersToday: number;
  overdueNow: number;
  busiestCategoriesLastHour: { categoryId: number | null; name: string; count: number }[];
}

describe('live board for the call-centre floor (e2e)', () => {
  // Its own database, so the figures are this file's alone; the worker pushes every half second.
  const ctx = useWorld({ worker: true, env: { LIVE_BOARD_MS: '500' } });
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));

  const connect = async (token: string) => {
    const socket = io(ctx.sys.baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const cti = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event);
    const ts = String(Math.floor(Date.now() / 1000));
    return ctx.w.http.request('POST', '/channels/cti/events', body, {
      'content-type': 'application/json',
      'x-cti-timestamp': ts,
      'x-cti-signature': `sha256=${signWebhook(process.env.CTI_WEBHOOK_SECRET!, ts, body)}`,
    });
  };

  it('gives centre staff today’s figures at once and pushes new ones as calls and orders come in', async () => {
    await ctx.ds.query(`INSERT INTO hotline (number, name, mode) VALUES ('12345', '12345政务服务便民热线', 'primary')`);
    const socket = await connect(ctx.w.tokens.supervisor);
    const first = (await socket.emitWithAck('board.subscribe')) as { ok: boolean; figures: Figures };
    expect(first.ok).toBe(true);
    expect(first.figures).toMatchObject({
      callsWaiting: 0,
      ordersToday: 0,
      overdueNow: 0,
      callsToday: { offered: 0, connectionRate: null },
    });

    const pushed: Figures[] = [];
    socket.on('board.figures', (f: Figures) => pushed.push(f));
    // Two calls: one answered, one still waiting in the queue.
    const now = new Date().toISOString();
    const callId = () => `board-${randomBytes(4).toString('hex')}`;
    const answered = callId();
    const waiting = callId();
    const base = { dialledNumber: '12345', occurredAt: now };
    expect((await cti({ ...base, eventId: `${answered}-1`, callId: answered, type: 'offered', callerNumber: newPhone() })).status).toBe(
      200,
    );
    expect(
      (
        await cti({
          ...base,
          eventId: `${answered}-2`,
          callId: answered,
          type: 'answered',
          agent: ctx.w.users.agent.username,
          waitSeconds: 5,
        })
      ).status,
    ).toBe(200);
    expect((await cti({ ...base, eventId: `${waiting}-1`, callId: waiting, type: 'queued', callerNumber: newPhone() })).status).toBe(200);
    // Three orders registered now, in the same category; one dispatched and past its deadline.
    for (let i = 0; i < 3; i += 1) await ctx.d.register();
    const late = await ctx.d.inState('dispatched');
    await ctx.ds.query(`UPDATE ticket SET due_at = now() - interval '1 hour' WHERE id = $1`, [late.id]);

    await waitFor(() => pushed.some((f) => f.ordersToday >= 4 && f.overdueNow === 1), 'board figures with the new orders');
    const f = pushed.at(-1)!;
    expect(f).toMatchObject({
      callsWaiting: 1,
      ordersToday: 4,
      overdueNow: 1,
      callsToday: { offered: 2, answered: 1, connectionRate: 0.5 },
    });
    expect(f.busiestCategoriesLastHour[0]).toEqual({ categoryId: ctx.w.categories.leaf.id, name: '占道经营', count: 4 });
  });

  it('keeps the board from units', async () => {
    const socket = await connect(ctx.w.tokens.handlerDistrict);
    expect(await socket.emitWithAck('board.subscribe')).toMatchObject({ ok: false, code: 'AUTH.ROLE_NOT_ALLOWED' });
  });
});
