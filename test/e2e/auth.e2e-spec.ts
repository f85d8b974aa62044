import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { PASSWORD, World, buildWorld } from '../factories/world.factory';
import { Http } from '../setup/http';
import { System, startSystem } from '../setup/system';

describe('identity and access (e2e)', () => {
  let sys: System;
  let w: World;
  let http: Http;

  beforeAll(async () => {
    sys = await startSystem({ worker: false });
    http = new Http(sys.baseUrl);
    w = await buildWorld(sys.api.get(DataSource), http);
  });
  afterAll(() => sys.close());

  it('logs in with a short-lived access token and a refresh token', async () => {
    const res = await http.post('/auth/login', { username: w.users.agent.username, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expiresIn: 900, user: { role: 'agent', unitId: w.units.centre.id } });
    const me = await http.as(res.body.accessToken).get('/auth/me');
    expect(me.body).toMatchObject({ userId: w.users.agent.id, role: 'agent' });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await http.post('/auth/login', { username: w.users.manager.username, password: 'nope' });
    const unknown = await http.post('/auth/login', { username: `ghost_${w.tag}`, password: 'nope' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIALS' } });
    expect(unknown.body.code).toBe(wrong.body.code);
  });

  it('rotates refresh tokens and revokes the family when a spent one is reused', async () => {
    const login = await http.post('/auth/login', { username: w.users.supervisor.username, password: PASSWORD });
    const first = await http.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
    const replay = await http.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(replay).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_REFRESH_TOKEN' } });
    // The thief's replay also burnt the legitimate, newer token.
    expect((await http.post('/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
  });

  it('ends a session on logout', async () => {
    const login = await http.post('/auth/login', { username: w.users.admin.username, password: PASSWORD });
    expect((await http.post('/auth/logout', { refreshToken: login.body.refreshToken })).status).toBe(204);
    expect((await http.post('/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
  });

  it('refuses a missing, forged or expired token with 401', async () => {
    expect(await http.get('/tickets')).toMatchObject({ status: 401, body: { code: 'AUTH.MISSING_TOKEN' } });
    const forged = new JwtService({ secret: 'not-our-secret-not-our-secret-not-ours' }).sign({
      sub: String(w.users.admin.id),
      role: 'admin',
      unitId: w.units.centre.id,
      typ: 'access',
    });
    expect(await http.as(forged).get('/tickets')).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_TOKEN' } });
    const expired = sys.api
      .get(JwtService)
      .sign({ sub: String(w.users.admin.id), role: 'admin', unitId: w.units.centre.id, typ: 'access' }, { expiresIn: -10 });
    expect(await http.as(expired).get('/tickets')).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_TOKEN' } });
    const tampered = w.tokens.handlerStreet.replace(/\.[^.]+\./, (p) => p.slice(0, -2) + 'x.');
    expect((await http.as(tampered).get('/tickets')).status).toBe(401);
  });

  it('refuses a role that may not use an endpoint with 403', async () => {
    const res = await http
      .as(w.tokens.handlerDistrict)
      .post('/tickets', { appealType: 'help', channel: 'phone', title: 't', content: 'c' });
    expect(res).toMatchObject({ status: 403, body: { code: 'AUTH.ROLE_NOT_ALLOWED' } });
    expect((await http.as(w.tokens.manager).get('/tickets/caller-history?phone=13800000000')).status).toBe(403);
  });

  it('refuses a login brute force with 429 after five failures, for that account only', async () => {
    const username = w.users.dispatcher2.username;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await http.post('/auth/login', { username, password: `guess${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await http.post('/auth/login', { username, password: PASSWORD });
    expect(blocked).toMatchObject({ status: 429, body: { code: 'AUTH.TOO_MANY_ATTEMPTS' } });
    expect(blocked.body.details.retryAfterSeconds).toBeGreaterThan(0);
    expect((await http.post('/auth/login', { username: w.users.agent.username, password: PASSWORD })).status).toBe(200);
  });

  it('never counts successful logins against an account', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await http.post('/auth/login', { username: w.users.manager.username, password: PASSWORD })).status).toBe(200);
    }
  });

  it('serves health, OpenAPI, and metrics only to admins or the scraper', async () => {
    // This system runs without a worker: health says so with 503, and still reports the rest.
    const health = await http.get('/health');
    expect(health.status).toBe(503);
    expect(health.body.info.postgres.status).toBe('up');
    expect(health.body.info.redis.status).toBe('up');
    expect(health.body.error.worker.status).toBe('down');
    expect((await http.get('/api/docs-json')).body.info.title).toContain('12345');
    expect((await http.get('/metrics')).status).toBe(401);
    expect((await http.as(w.tokens.agent).get('/metrics')).status).toBe(403);
    const metrics = await http.as(w.tokens.admin).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('hotline_http_request_duration_seconds');
    expect((await http.get('/admin/queues')).status).toBe(401);
    expect((await http.get(`/admin/queues?token=${w.tokens.agent}`)).status).toBe(403);
    expect((await http.get(`/admin/queues?token=${w.tokens.admin}`)).status).toBe(200);
  });

  it('carries the request id into the error body and the response header', async () => {
    const res = await http.request('GET', '/tickets', undefined, { 'x-request-id': 'trace-abc-123' });
    expect(res.body.requestId).toBe('trace-abc-123');
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
  });

  it('serves the reference data the registration screen needs to any signed-in user', async () => {
    const agent = http.as(w.tokens.agent);
    const categories = (await agent.get('/categories')).body as { id: number; code: string }[];
    expect(categories.map((c) => c.id)).toEqual(expect.arrayContaining([w.categories.top.id, w.categories.mid.id, w.categories.leaf.id]));
    expect(categories.map((c) => c.id)).not.toContain(w.categories.inactive.id);
    expect((await agent.get('/regions')).body.map((r: { id: number }) => r.id)).toContain(w.regions.community.id);
    expect((await agent.get('/units')).body.map((u: { id: number }) => u.id)).toContain(w.units.street.id);
    expect((await agent.get('/hotlines')).status).toBe(200);
    expect((await http.get('/categories')).status).toBe(401);
  });
});
