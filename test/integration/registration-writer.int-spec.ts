import { NewTicketRow, RegistrationWriter } from '@app/tickets';
import { useWorld } from '../setup/world-system';

const row = (over: Partial<NewTicketRow> = {}): NewTicketRow => ({
  appeal_type: 'help',
  urgency: 'normal',
  channel: 'web',
  hotline_id: null,
  category_id: null,
  tags: ['夜间'],
  citizen_name: '李四',
  citizen_phone: '13900000000',
  citizen_enterprise: null,
  confidential: false,
  anonymous: false,
  district_id: null,
  street_id: null,
  community_id: null,
  address: null,
  longitude: 120.1,
  latitude: 30.2,
  title: '群体写入',
  content: '批量登记测试',
  received_at: null,
  registered_by: null,
  actor_unit_id: null,
  actor_role: 'system',
  audience: [1],
  ...over,
});

describe('RegistrationWriter (group commit, real PostgreSQL)', () => {
  const ctx = useWorld();

  it('writes concurrent registrations each with its flow record and event, and gives each caller its own row', async () => {
    const writer = ctx.sys.api.get(RegistrationWriter);
    const titles = Array.from({ length: 60 }, (_, i) => `群体写入 ${ctx.w.tag} ${i}`);
    const rows = await Promise.all(titles.map((title) => writer.write(row({ title }))));
    expect(rows.map((r) => r.title)).toEqual(titles);
    expect(rows[0]).toMatchObject({ state: 'registered', tags: ['夜间'], longitude: '120.100000' });
    const ids = rows.map((r) => r.id);
    const [{ flows, events }] = await ctx.ds.query(
      `SELECT (SELECT count(*)::int FROM ticket_flow WHERE ticket_id = ANY($1::bigint[]) AND action = 'register') AS flows,
              (SELECT count(*)::int FROM outbox_event WHERE aggregate_id = ANY($1::bigint[]) AND type = 'ticket.created') AS events`,
      [ids],
    );
    expect({ flows, events }).toEqual({ flows: 60, events: 60 });
  });

  it('fails only the bad row of a batch; its neighbours are written', async () => {
    const writer = ctx.sys.api.get(RegistrationWriter);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        writer.write(row({ title: `混合批次 ${ctx.w.tag} ${i}`, category_id: i === 7 ? 99_999_999 : null })),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[7].status).toBe('rejected');
    const [{ n }] = await ctx.ds.query(`SELECT count(*)::int AS n FROM ticket WHERE title LIKE $1`, [`混合批次 ${ctx.w.tag} %`]);
    expect(n).toBe(19);
  });
});
