import { DataSource } from 'typeorm';
import { io, Socket } from 'socket.io-client';
import { TicketDriver } from '../factories/ticket-driver';
import { World, buildWorld } from '../factories/world.factory';
import { Http } from '../setup/http';
import { PrivateRedis, waitFor } from '../setup/redis-server';
import { System, startSystem } from '../setup/system';

interface Heard {
  event: string;
  id: string;
  state: string;
}

/** A browser: connects with its token and records every ticket event it hears. */
async function listen(baseUrl: string, token: string): Promise<{ socket: Socket; heard: Heard[] }> {
  const heard: Heard[] = [];
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: true });
  for (const event of ['ticket.created', 'ticket.changed'])
    socket.on(event, (e: { id: string; state: string }) => heard.push({ event, id: e.id, state: e.state }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, heard };
}

describe('outbox, worker and realtime (e2e)', () => {
  let redis: PrivateRedis;
  let a: System;
  let b: System;
  let w: World;
  let d: TicketDriver;
  let ds: DataSource;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // A Redis of this test's own, so that it can be stopped without touching anyone else.
    redis = await PrivateRedis.start();
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `outbox_test_${process.pid}`,
      LOG_LEVEL: process.env.DEBUG_OUTBOX ? 'debug' : 'silent',
      OUTBOX_REDRIVE_AFTER_MS: '1000',
    };
    a = await startSystem({ env });
    b = await startSystem({ env, worker: false });
    ds = a.api.get(DataSource);
    w = await buildWorld(ds, new Http(a.baseUrl));
    d = new TicketDriver(w);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await b?.close();
    await a?.close();
    await redis?.down();
  });

  const connect = async (system: System, who: keyof World['tokens']) => {
    const l = await listen(system.baseUrl, w.tokens[who]);
    sockets.push(l.socket);
    return l;
  };

  it('refuses a socket without a valid token', async () => {
    const socket = io(a.baseUrl, { auth: { token: 'forged' }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
    expect(err.data?.code).toBe('AUTH.INVALID_TOKEN');
  });

  it('delivers an event caused through instance A to a client connected to instance B', async () => {
    const onB = await connect(b, 'agent');
    const t = await d.register();
    await waitFor(() => onB.heard.some((h) => h.id === t.id && h.event === 'ticket.created'), 'ticket.created on instance B');
  });

  it('sends an order’s events to the rooms that may see it, and no other', async () => {
    const district = await connect(a, 'handlerDistrict');
    const street = await connect(b, 'handlerStreet');
    const district2 = await connect(a, 'handlerDistrict2');
    const centre = await connect(b, 'supervisor');
    const mine = await d.inState('dispatched');
    await waitFor(() => district.heard.some((h) => h.id === mine.id && h.state === 'dispatched'), 'dispatch heard by the district');
    await waitFor(() => centre.heard.some((h) => h.id === mine.id && h.state === 'dispatched'), 'dispatch heard by the centre');
    // A barrier: an order for the second district. Once its handler hears that, it would have heard the first.
    const theirs = await d.inState('to_dispatch');
    await d.must('dispatcher', theirs.id, 'dispatch', { leadUnitId: w.units.district2.id });
    await waitFor(() => district2.heard.some((h) => h.id === theirs.id), 'dispatch heard by the second district');
    expect(district2.heard.map((h) => h.id)).not.toContain(mine.id);
    expect(district.heard.map((h) => h.id)).not.toContain(theirs.id);
    // The street below the lead unit does not see the district's order.
    expect(street.heard.map((h) => h.id)).not.toContain(mine.id);
  });

  it('lets a socket follow one order it may see, and refuses one it may not', async () => {
    const s = await connect(a, 'handlerDistrict2');
    const t = await d.inState('dispatched');
    const refused = await s.socket.emitWithAck('ticket.subscribe', { ticketId: t.id });
    expect(refused).toMatchObject({ ok: false, code: 'TICKET.NOT_FOUND' });
    const agent = await connect(a, 'handlerDistrict');
    expect(await agent.socket.emitWithAck('ticket.subscribe', { ticketId: t.id })).toMatchObject({ ok: true });
  });

  it('loses no event while Redis is down: orders still register, and every event arrives once Redis is back', async () => {
    const watcher = await connect(a, 'agent');
    await redis.down();
    const registered: string[] = [];
    for (let i = 0; i < 5; i++) registered.push((await d.register({ title: `Redis 停机期间登记 ${i}` })).id);
    const pending = await ds.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = ANY($1::bigint[]) AND published_at IS NULL`,
      [registered],
    );
    expect(pending[0].n).toBe(5);

    await redis.up();
    await waitFor(
      () => registered.every((id) => watcher.heard.some((h) => h.id === id && h.event === 'ticket.created')),
      'all five ticket.created events after Redis came back',
      30_000,
    );
    const left = await ds.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = ANY($1::bigint[]) AND published_at IS NULL`,
      [registered],
    );
    expect(left[0].n).toBe(0);
  });

  it('relays again an event that Redis accepted but lost before it was processed', async () => {
    const watcher = await connect(a, 'agent');
    const t = await d.register();
    await waitFor(() => watcher.heard.some((h) => h.id === t.id), 'the first delivery');
    // As if Redis had restarted without persistence right after taking the job: published, never processed.
    const [lost] = await ds.query(
      `INSERT INTO outbox_event (type, aggregate_id, payload, published_at, attempts)
       SELECT 'ticket.changed', aggregate_id, jsonb_set(payload, '{data,state}', '"lost_and_found"'), now() - interval '1 hour', 1
       FROM outbox_event WHERE aggregate_id = $1 RETURNING id`,
      [t.id],
    );
    await waitFor(() => watcher.heard.some((h) => h.id === t.id && h.state === 'lost_and_found'), 'the re-driven event', 20_000);
    await waitFor(
      async () => (await ds.query('SELECT processed_at FROM outbox_event WHERE id = $1', [lost.id]))[0].processed_at !== null,
      'the re-driven event marked processed',
    );
  });
});
