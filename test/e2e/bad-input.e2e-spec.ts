import { registration } from '../factories/world.factory';
import { Http } from '../setup/http';
import { useWorld } from '../setup/world-system';

/** Every kind of bad input gets a clear 4xx with a stable code, and nothing is written. */
describe('bad input (e2e)', () => {
  const ctx = useWorld({ worker: false, env: { ATTACHMENT_MAX_BYTES: '2048' } });
  let agent: Http;
  beforeAll(() => {
    agent = ctx.w.http.as(ctx.w.tokens.agent);
  });
  // Other test files share the database: count only what this file's agent registered.
  const ticketCount = async () =>
    Number((await ctx.ds.query('SELECT count(*)::int AS n FROM ticket WHERE registered_by = $1', [ctx.w.users.agent.id]))[0].n);

  it.each([
    ['an unknown field', { evil: 1 }, 'evil'],
    ['an over-long title', { title: '长'.repeat(201) }, 'title'],
    ['an over-long content', { content: '长'.repeat(4001) }, 'content'],
    ['a phone number that is not one', { citizenPhone: '12345abc' }, 'citizenPhone'],
    ['an unknown appeal type', { appealType: 'rant' }, 'appealType'],
    ['a text field that is blank', { title: '   ' }, 'title'],
  ])('refuses %s with 400 REQUEST.VALIDATION_FAILED naming the field', async (_label, extra, field) => {
    const before = await ticketCount();
    const res = await agent.post('/tickets', registration(ctx.w, extra));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.body.message).toMatch(/^输入有误/);
    expect(await ticketCount()).toBe(before);
  });

  it.each([
    ['category', { categoryId: 99_999_999 }, 'CATALOG.UNKNOWN_CATEGORY'],
    ['inactive category', 'INACTIVE_CATEGORY', 'CATALOG.UNKNOWN_CATEGORY'],
    ['district', { districtId: 99_999_999, streetId: undefined, communityId: undefined }, 'CATALOG.UNKNOWN_REGION'],
    ['hotline', { hotlineId: 99_999_999 }, 'CATALOG.UNKNOWN_HOTLINE'],
  ])('refuses an unknown %s with 422', async (_label, extra, code) => {
    const before = await ticketCount();
    const body = extra === 'INACTIVE_CATEGORY' ? { categoryId: ctx.w.categories.inactive.id } : extra;
    const res = await agent.post('/tickets', registration(ctx.w, body as Record<string, unknown>));
    expect(res).toMatchObject({ status: 422, body: { code } });
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a street that is not in the chosen district', async () => {
    const res = await agent.post('/tickets', registration(ctx.w, { streetId: ctx.w.regions.street2.id, communityId: undefined }));
    expect(res).toMatchObject({ status: 400, body: { code: 'CATALOG.REGION_MISMATCH' } });
  });

  it('refuses malformed JSON and the wrong content type', async () => {
    const before = await ticketCount();
    const bad = await agent.request('POST', '/tickets', '{"appealType": "help",', { 'content-type': 'application/json' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'REQUEST.MALFORMED_JSON' } });
    const text = await agent.request('POST', '/tickets', 'appealType=help', { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415, body: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' } });
    const form = await agent.request('POST', '/tickets', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await agent.post('/tickets', registration(ctx.w, { content: 'x'.repeat(1_100_000) }));
    expect(res).toMatchObject({ status: 413, body: { code: 'REQUEST.TOO_LARGE' } });
  });

  it('refuses an invalid cursor and an inverted date range', async () => {
    expect((await agent.get('/tickets?cursor=garbage')).body.code).toBe('REQUEST.INVALID_CURSOR');
    expect((await agent.get('/tickets?from=2026-02-01&to=2026-01-01')).body.code).toBe('REQUEST.INVALID_RANGE');
    expect((await agent.get('/tickets?state=nonsense')).status).toBe(400);
  });

  describe('attachments', () => {
    const upload = (token: string, id: string, name: string, type: string, bytes: number) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes).fill(65)], { type }), name);
      return ctx.w.http.as(token).post(`/tickets/${id}/attachments`, form);
    };
    const files = async (id: string) =>
      Number((await ctx.ds.query('SELECT count(*)::int AS n FROM attachment WHERE ticket_id = $1', [id]))[0].n);

    it('stores an allowed file with its metadata and serves it to those who see the order', async () => {
      const t = await ctx.d.register();
      const res = await upload(ctx.w.tokens.agent, t.id, '现场照片.jpg', 'image/jpeg', 1000);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ fileName: '现场照片.jpg', mimeType: 'image/jpeg', sizeBytes: 1000 });
      expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const got = await ctx.w.http.as(ctx.w.tokens.supervisor).get(`/attachments/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toHaveLength(1000);
      expect((await ctx.w.http.as(ctx.w.tokens.handlerDistrict2).get(`/attachments/${res.body.id}`)).status).toBe(404);
    });

    it('refuses a file over the limit with 413 and keeps nothing', async () => {
      const t = await ctx.d.register();
      const res = await upload(ctx.w.tokens.agent, t.id, 'big.pdf', 'application/pdf', 4096);
      expect(res).toMatchObject({ status: 413, body: { code: 'ATTACHMENT.TOO_LARGE' } });
      expect(await files(t.id)).toBe(0);
    });

    it('refuses a forbidden type, or a type that does not match its name, with 415', async () => {
      const t = await ctx.d.register();
      expect(await upload(ctx.w.tokens.agent, t.id, 'run.exe', 'application/x-msdownload', 10)).toMatchObject({
        status: 415,
        body: { code: 'ATTACHMENT.TYPE_NOT_ALLOWED' },
      });
      expect((await upload(ctx.w.tokens.agent, t.id, 'photo.exe', 'image/jpeg', 10)).status).toBe(415);
      expect(await files(t.id)).toBe(0);
    });

    it('refuses an upload to another unit’s order as if it did not exist', async () => {
      const t = await ctx.d.inState('dispatched');
      expect((await upload(ctx.w.tokens.handlerDistrict2, t.id, 'a.png', 'image/png', 10)).status).toBe(404);
    });
  });
});
