import { AppConfig, DomainError } from '@app/common';
import { signWebhook } from '@app/intake';
import { ExecutionContext } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { Socket, io } from 'socket.io-client';
import { CtiSignatureGuard } from '../../apps/api/src/intake/webhook-signature.guard';
import { newPhone, registration } from '../factories/world.factory';
import { Http, Res } from '../setup/http';
import { waitFor } from '../setup/redis-server';
import { useWorld } from '../setup/world-system';

type Event = Record<string, unknown>;
interface Pop {
  callId: string;
  callerNumber: string;
  hotline: { number: string };
  recentOrders: { id: string; citizen: { name: string; masked: boolean } }[];
  openOrders: { id: string; no: string; state: string; citizen: { name: string; phone: string; masked: boolean } }[];
}

/** Plays the call-centre switch: signs each event with the run's made-up CTI_WEBHOOK_SECRET. */
describe('phone channel: CTI events, screen pop, missed calls, registration, KPIs (e2e)', () => {
  // The screen pop travels through the outbox and the worker: this file runs both, on a database of its own.
  const ctx = useWorld({ worker: true });
  const secret = () => process.env.CTI_WEBHOOK_SECRET!;
  const sockets: Socket[] = [];
  let agent: Http;
  let hotlines: Record<'main' | 'market', { id: number; number: string }>;

  const id = (p: string) => `${p}-${randomBytes(6).toString('hex')}`;
  const unix = (ms = Date.now()) => String(Math.floor(ms / 1000));
  const iso = (ms = Date.now()) => new Date(ms).toISOString();

  /** Sends an event as the switch would: compact JSON, signed over `<timestamp>.<body>`. */
  const send = (event: Event, opts: { timestamp?: string; signature?: string | null; body?: string; sign?: string } = {}): Promise<Res> => {
    const body = opts.body ?? JSON.stringify(event);
    const timestamp = opts.timestamp ?? unix();
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-cti-timestamp': timestamp };
    const signature = opts.signature === undefined ? `sha256=${signWebhook(secret(), timestamp, opts.sign ?? body)}` : opts.signature;
    if (signature !== null) headers['x-cti-signature'] = signature;
    return ctx.w.http.request('POST', '/channels/cti/events', body, headers);
  };

  /** The events of one call from the switch, each with its own event id. */
  const call = (over: Event = {}) => {
    const callId = id('call');
    let seq = 0;
    const base = { callId, callerNumber: newPhone(), dialledNumber: '12345', ...over };
    return {
      callId,
      caller: base.callerNumber as string,
      ev: (type: string, extra: Event = {}) => ({ eventId: `${callId}-${++seq}`, type, occurredAt: iso(), ...base, ...extra }),
    };
  };

  const ok = async (event: Event) => {
    const res = await send(event);
    expect(res.status).toBe(200);
    return res.body;
  };

  const counts = async () =>
    (
      await ctx.ds.query(`SELECT (SELECT count(*) FROM call_record)::int AS calls, (SELECT count(*) FROM call_event)::int AS events`)
    )[0] as {
      calls: number;
      events: number;
    };

  const listen = async (token: string) => {
    const heard: Pop[] = [];
    const socket = io(ctx.sys.baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    socket.on('call.screen_pop', (p: Pop) => heard.push(p));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return heard;
  };

  beforeAll(async () => {
    agent = ctx.w.http.as(ctx.w.tokens.agent);
    // The registry of this file's own database: 12345 and one merged legacy line.
    const rows = await ctx.ds.query(
      `INSERT INTO hotline (number, name, mode, default_category_id) VALUES
         ('12345', '12345政务服务便民热线', 'primary', NULL), ('12315', '市场监管投诉举报热线', 'merged', $1)
       RETURNING id, number`,
      [ctx.w.categories.leaf.id],
    );
    hotlines = { main: rows[0], market: rows[1] };
  });
  afterAll(() => sockets.forEach((s) => s.disconnect()));

  it('builds the call record from its events: offered, queued, answered, ended', async () => {
    const c = call();
    const t0 = Date.now() - 300_000;
    expect(await ok(c.ev('offered', { occurredAt: iso(t0) }))).toMatchObject({ accepted: true, duplicate: false, state: 'offered' });
    expect(await ok(c.ev('queued', { occurredAt: iso(t0 + 2_000) }))).toMatchObject({ state: 'queued', outcome: 'applied' });
    await ok(c.ev('answered', { occurredAt: iso(t0 + 11_000), agent: ctx.w.users.agent.username }));
    await ok(c.ev('ended', { occurredAt: iso(t0 + 191_000), recordingRef: 'rec/2026/05/11/x.wav' }));

    const res = await agent.get(`/calls/${c.callId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      callId: c.callId,
      state: 'ended',
      callerNumber: c.caller,
      dialledNumber: '12345',
      hotlineId: hotlines.main.id,
      agentUserId: ctx.w.users.agent.id,
      waitSeconds: 11,
      talkSeconds: 180,
      recordingRef: 'rec/2026/05/11/x.wav',
      missedCallback: null,
    });
    expect(res.body.events.map((e: { type: string; outcome: string }) => `${e.type}:${e.outcome}`)).toEqual([
      'offered:applied',
      'queued:applied',
      'answered:applied',
      'ended:applied',
    ]);
  });

  it('acknowledges a redelivered event without changing anything, and files a late one behind the state', async () => {
    const c = call();
    const offered = c.ev('offered');
    await ok(offered);
    const answered = c.ev('answered', { agent: ctx.w.users.agent.username, waitSeconds: 4 });
    await ok(answered);
    const before = await counts();
    // The same delivery again (a retry), and the same event id with different content: both are the first event.
    expect(await ok(answered)).toMatchObject({ duplicate: true, state: 'answered', outcome: 'applied' });
    expect(await ok({ ...answered, agent: ctx.w.users.dispatcher.username, waitSeconds: 30 })).toMatchObject({ duplicate: true });
    expect(await counts()).toEqual(before);
    // queued arrives after the answer: recorded, the call stays answered.
    expect(await ok(c.ev('queued'))).toMatchObject({ duplicate: false, state: 'answered', outcome: 'late' });
    const [row] = await ctx.ds.query(`SELECT state, agent_user_id, wait_seconds, queued_at FROM call_record WHERE call_id = $1`, [
      c.callId,
    ]);
    expect(row).toMatchObject({ state: 'answered', agent_user_id: ctx.w.users.agent.id, wait_seconds: 4 });
    expect(row.queued_at).not.toBeNull();
  });

  it('pops the caller’s history and open orders on the answering agent’s screen, and on no one else’s', async () => {
    const phone = newPhone();
    const open = await agent.post('/tickets', registration(ctx.w, { citizenPhone: phone, title: '来电弹屏：未办结的工单' }));
    expect(open.status).toBe(201);
    const agentHeard = await listen(ctx.w.tokens.agent);
    const dispatcherHeard = await listen(ctx.w.tokens.dispatcher);

    const c = call({ callerNumber: phone, dialledNumber: '12315' });
    await ok(c.ev('offered'));
    await ok(c.ev('answered', { agent: ctx.w.users.agent.username }));
    await waitFor(() => agentHeard.some((p) => p.callId === c.callId), 'the screen pop on the agent’s socket');
    const pop = agentHeard.find((p) => p.callId === c.callId)!;
    expect(pop).toMatchObject({ callerNumber: phone, hotline: { number: '12315' } });
    expect(pop.openOrders.map((o) => o.id)).toEqual([open.body.id]);
    expect(pop.openOrders[0]).toMatchObject({ no: open.body.no, state: 'registered', citizen: { name: '张三丰', phone, masked: false } });
    expect(pop.recentOrders.map((o) => o.id)).toContain(open.body.id);
    // Showing the caller unmasked is a view of personal data: audited.
    const [audit] = await ctx.ds.query(`SELECT count(*)::int AS n FROM pii_access_log WHERE ticket_id = $1 AND purpose = 'screen_pop'`, [
      open.body.id,
    ]);
    expect(audit.n).toBe(1);

    // A barrier: a call the dispatcher answers. Once their own pop arrived, the agent's would have too.
    const other = call();
    await ok(other.ev('answered', { agent: ctx.w.users.dispatcher.username }));
    await waitFor(() => dispatcherHeard.some((p) => p.callId === other.callId), 'the dispatcher’s own screen pop');
    expect(dispatcherHeard.map((p) => p.callId)).not.toContain(c.callId);
    expect(agentHeard.map((p) => p.callId)).not.toContain(other.callId);
  });

  it('masks a confidential order in the screen pop', async () => {
    const phone = newPhone();
    const secretOrder = await agent.post('/tickets', registration(ctx.w, { citizenPhone: phone, confidential: true }));
    const heard = await listen(ctx.w.tokens.agent);
    const c = call({ callerNumber: phone });
    await ok(c.ev('answered', { agent: ctx.w.users.agent.username }));
    await waitFor(() => heard.some((p) => p.callId === c.callId), 'the screen pop');
    const order = heard.find((p) => p.callId === c.callId)!.openOrders.find((o) => o.id === secretOrder.body.id)!;
    expect(order.citizen).toMatchObject({ masked: true, name: '张**' });
    expect(order.citizen.phone).not.toBe(phone);
  });

  it('records an answer by an agent the platform does not know, with a warning and no screen pop', async () => {
    const c = call();
    const res = await ok(c.ev('answered', { agent: 'seat-0042' }));
    expect(res).toMatchObject({ state: 'answered', warning: { code: 'CTI.UNKNOWN_AGENT' } });
    const [row] = await ctx.ds.query(`SELECT agent_ref, agent_user_id FROM call_record WHERE call_id = $1`, [c.callId]);
    expect(row).toEqual({ agent_ref: 'seat-0042', agent_user_id: null });
  });

  it('lists an abandoned call as missed until someone has called back; the callback is recorded once', async () => {
    const c = call();
    await ok(c.ev('offered'));
    await ok(c.ev('queued'));
    await ok(c.ev('abandoned', { waitSeconds: 47 }));
    const missed = async () => (await agent.get('/calls/missed?limit=200')).body;
    const list = await missed();
    expect(list.items[0]).toMatchObject({
      callId: c.callId,
      callerNumber: c.caller,
      waitSeconds: 47,
      missedCallback: { status: 'pending' },
    });
    expect(list.items[0].hotline).toMatchObject({ number: '12345' });

    const done = await agent.post(`/calls/${c.callId}/missed-callback`, { outcome: 'reached', note: '已回拨，市民称已自行解决' });
    expect(done).toMatchObject({ status: 200, body: { missedCallback: { status: 'reached', by: ctx.w.users.agent.id } } });
    expect((await missed()).items.map((i: { callId: string }) => i.callId)).not.toContain(c.callId);
    // A double click: accepted again; a different record: a conflict.
    expect((await agent.post(`/calls/${c.callId}/missed-callback`, { outcome: 'reached', note: '已回拨，市民称已自行解决' })).status).toBe(
      200,
    );
    const again = await ctx.w.http.as(ctx.w.tokens.supervisor).post(`/calls/${c.callId}/missed-callback`, { outcome: 'unreached' });
    expect(again).toMatchObject({ status: 409, body: { code: 'CTI.ALREADY_CALLED_BACK', details: { status: 'reached' } } });

    const answered = call();
    await ok(answered.ev('answered', { agent: ctx.w.users.agent.username }));
    expect(await agent.post(`/calls/${answered.callId}/missed-callback`, { outcome: 'reached' })).toMatchObject({
      status: 409,
      body: { code: 'CTI.NOT_A_MISSED_CALL' },
    });
    expect((await agent.post(`/calls/no-such-call/missed-callback`, { outcome: 'reached' })).status).toBe(404);
    expect((await ctx.w.http.as(ctx.w.tokens.handlerDistrict).get('/calls/missed')).status).toBe(403);
  });

  it('says in the missed list when the caller got through on a later call', async () => {
    const phone = newPhone();
    const first = call({ callerNumber: phone });
    await ok(first.ev('offered', { occurredAt: iso(Date.now() - 120_000) }));
    await ok(first.ev('abandoned', { occurredAt: iso(Date.now() - 100_000) }));
    const second = call({ callerNumber: phone });
    await ok(second.ev('offered'));
    await ok(second.ev('answered', { agent: ctx.w.users.agent.username }));
    const item = (await agent.get('/calls/missed?limit=200')).body.items.find((i: { callId: string }) => i.callId === first.callId);
    expect(item.laterAnsweredAt).not.toBeNull();
  });

  it('registers the order a call is about through intake, links call and order, once per call', async () => {
    const c = call({ dialledNumber: '12315' });
    await ok(c.ev('offered'));
    await ok(c.ev('answered', { agent: ctx.w.users.agent.username }));
    const { channel: _channel, citizenPhone: _phone, ...form } = registration(ctx.w, { title: '预付卡商家跑路' });

    const notMine = await ctx.w.http.as(ctx.w.tokens.dispatcher).post(`/calls/${c.callId}/register`, form);
    expect(notMine).toMatchObject({ status: 403, body: { code: 'CTI.NOT_YOUR_CALL' } });
    expect((await agent.post(`/calls/${c.callId}/register`, { ...form, channel: 'web' })).status).toBe(400);

    const res = await agent.post(`/calls/${c.callId}/register`, form);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'phone',
      hotlineId: hotlines.market.id,
      title: '预付卡商家跑路',
      citizen: { name: '张三丰', phone: c.caller, masked: false },
      state: 'registered',
    });
    const [link] = await ctx.ds.query(`SELECT ticket_id FROM call_record WHERE call_id = $1`, [c.callId]);
    expect(link.ticket_id).toBe(res.body.id);
    const [intake] = await ctx.ds.query(
      `SELECT count(*)::int AS n, max(ticket_id) AS ticket_id FROM intake_record WHERE external_id = $1`,
      [`call:${c.callId}`],
    );
    expect(intake).toEqual({ n: 1, ticket_id: res.body.id });

    // Again (a retry, or a second click): the same order, nothing new.
    const again = await ctx.w.http.as(ctx.w.tokens.supervisor).post(`/calls/${c.callId}/register`, { ...form, title: '另一件事' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id: res.body.id, title: '预付卡商家跑路' });
    expect((await ctx.ds.query(`SELECT count(*)::int AS n FROM ticket WHERE id = $1 OR title = '另一件事'`, [res.body.id]))[0].n).toBe(1);

    const missedCall = call();
    await ok(missedCall.ev('abandoned'));
    expect(await agent.post(`/calls/${missedCall.callId}/register`, form)).toMatchObject({
      status: 409,
      body: { code: 'CTI.CALL_NOT_ANSWERED' },
    });
  });

  it('computes 接通率 and 15秒应答率 exactly, overall and by line, from a known day', async () => {
    // A quiet Monday morning long ago, so that no other test's calls fall in it.
    const day = Date.parse('2025-03-03T09:00:00+08:00');
    // [line, waited seconds, answered?, wait given by the switch?]
    const plan: [string, number, boolean, boolean][] = [
      ['12345', 3, true, false],
      ['12345', 5, true, true],
      ['12345', 10, true, false],
      ['12345', 15, true, true],
      ['12345', 16, true, false],
      ['12345', 62, false, false],
      ['12315', 15, true, false],
      ['12315', 20, true, true],
      ['12315', 40, true, false],
      ['12315', 8, false, true],
    ];
    for (const [i, [line, wait, answered, given]] of plan.entries()) {
      const c = call({ dialledNumber: line });
      const t = day + i * 60_000;
      await ok(c.ev('offered', { occurredAt: iso(t) }));
      const end = { occurredAt: iso(t + wait * 1000), ...(given ? { waitSeconds: wait } : {}) };
      await ok(answered ? c.ev('answered', { ...end, agent: ctx.w.users.agent.username }) : c.ev('abandoned', end));
    }
    const supervisor = ctx.w.http.as(ctx.w.tokens.supervisor);
    const range = `from=${encodeURIComponent('2025-03-03T00:00:00+08:00')}&to=${encodeURIComponent('2025-03-04T00:00:00+08:00')}`;
    const res = await supervisor.get(`/calls/stats?${range}`);
    expect(res.status).toBe(200);
    // 8 of 10 answered; of the 8, waits 3 5 10 15 15 within 15 s; mean wait 124 / 8.
    expect(res.body.total).toEqual({
      offered: 10,
      answered: 8,
      abandoned: 2,
      connectionRate: 0.8,
      answeredWithin: 5,
      answerWithinRate: 0.625,
      avgWaitSeconds: 15.5,
    });
    expect(res.body.byHotline).toEqual([
      {
        hotlineId: hotlines.main.id,
        number: '12345',
        name: expect.any(String),
        offered: 6,
        answered: 5,
        abandoned: 1,
        connectionRate: 0.8333,
        answeredWithin: 4,
        answerWithinRate: 0.8,
        avgWaitSeconds: 9.8,
      },
      {
        hotlineId: hotlines.market.id,
        number: '12315',
        name: expect.any(String),
        offered: 4,
        answered: 3,
        abandoned: 1,
        connectionRate: 0.75,
        answeredWithin: 1,
        answerWithinRate: 0.3333,
        avgWaitSeconds: 25,
      },
    ]);
    const one = await supervisor.get(`/calls/stats?${range}&hotline=12315`);
    expect(one.body.total).toMatchObject({ offered: 4, answered: 3, connectionRate: 0.75 });
    expect(one.body.byHotline).toHaveLength(1);

    expect((await supervisor.get(`/calls/stats?${range}&hotline=99999`)).body.code).toBe('INTAKE.UNKNOWN_HOTLINE');
    expect((await supervisor.get(`/calls/stats?from=2025-03-04T00:00:00Z&to=2025-03-03T00:00:00Z`)).body.code).toBe(
      'REQUEST.INVALID_RANGE',
    );
    expect((await agent.get(`/calls/stats?${range}`)).status).toBe(403);
  });

  describe('refuses hostile or broken deliveries, and writes nothing', () => {
    const valid = () => call().ev('offered');
    const big = (n: number) => 'x'.repeat(n);

    it.each<[string, () => Promise<Res>, number, string]>([
      ['no signature', () => send(valid(), { signature: null }), 401, 'CTI.MISSING_SIGNATURE'],
      [
        'no timestamp',
        () =>
          ctx.w.http.request('POST', '/channels/cti/events', JSON.stringify(valid()), {
            'content-type': 'application/json',
            'x-cti-signature': 'sha256=' + '0'.repeat(64),
          }),
        401,
        'CTI.MISSING_SIGNATURE',
      ],
      [
        'a forged signature',
        () => send(valid(), { signature: `sha256=${signWebhook('not-the-shared-secret', unix(), '{}')}` }),
        401,
        'CTI.BAD_SIGNATURE',
      ],
      [
        'a body changed after signing',
        () => {
          const e = valid();
          return send({ ...e, dialledNumber: '12315' }, { sign: JSON.stringify(e) });
        },
        401,
        'CTI.BAD_SIGNATURE',
      ],
      ['a replayed (six-minute-old) timestamp', () => send(valid(), { timestamp: unix(Date.now() - 360_000) }), 401, 'CTI.REPLAYED'],
      ['malformed JSON', () => send({}, { body: '{"eventId": "e1", "type": ' }), 400, 'REQUEST.MALFORMED_JSON'],
      ['an unknown event type', () => send({ ...valid(), type: 'transferred' }), 400, 'REQUEST.VALIDATION_FAILED'],
      [
        'a missing call id',
        () => {
          const { callId: _c, ...e } = valid();
          return send(e);
        },
        400,
        'REQUEST.VALIDATION_FAILED',
      ],
      ['an unknown field', () => send({ ...valid(), evil: true }), 400, 'REQUEST.VALIDATION_FAILED'],
      ['an id with odd characters', () => send({ ...valid(), callId: "c1'; DROP TABLE call_record;--" }), 400, 'REQUEST.VALIDATION_FAILED'],
      [
        'an over-long recording reference',
        () => send({ ...valid(), type: 'ended', recordingRef: big(256) }),
        400,
        'REQUEST.VALIDATION_FAILED',
      ],
      ['a negative wait', () => send({ ...valid(), type: 'abandoned', waitSeconds: -1 }), 400, 'REQUEST.VALIDATION_FAILED'],
      ['a body over the size limit', () => send({ ...valid(), recordingRef: big(1_100_000) }), 413, 'REQUEST.TOO_LARGE'],
      ['an answer without its agent', () => send({ ...valid(), type: 'answered' }), 400, 'CTI.AGENT_REQUIRED'],
      ['an event an hour in the future', () => send({ ...valid(), occurredAt: iso(Date.now() + 3_600_000) }), 400, 'CTI.EVENT_IN_FUTURE'],
      ['a number not in the hotline registry', () => send({ ...valid(), dialledNumber: '12399' }), 422, 'INTAKE.UNKNOWN_HOTLINE'],
    ])('%s', async (_label, deliver, status, code) => {
      const before = await counts();
      const res = await deliver();
      expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
      expect(await counts()).toEqual(before);
    });

    it('answers 503 CTI.NOT_CONFIGURED while the secret is not set', () => {
      const guard = new CtiSignatureGuard(new AppConfig());
      const http = { getRequest: () => ({ headers: {}, body: {} }) };
      const context = { switchToHttp: () => http } as unknown as ExecutionContext;
      expect(() => guard.canActivate(context)).toThrow(DomainError);
      try {
        guard.canActivate(context);
      } catch (e) {
        expect(e).toMatchObject({ status: 503, code: 'CTI.NOT_CONFIGURED' });
      }
    });

    it('acknowledges a duplicate delivery, even replayed within the window, and changes nothing', async () => {
      const e = valid();
      const timestamp = unix();
      const body = JSON.stringify(e);
      const first = await send(e, { timestamp, body });
      expect(first.body).toMatchObject({ duplicate: false });
      const before = await counts();
      const replay = await send(e, { timestamp, body });
      expect(replay).toMatchObject({ status: 200, body: { accepted: true, duplicate: true } });
      expect(await counts()).toEqual(before);
    });
  });
});
