import { spawn } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { JOBS } from '@app/common';
import { Registration } from './registration';

export interface PgbenchFigures {
  name: string;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  clients: number;
  seconds: number;
}

function pgbenchBinary(): string {
  if (existsSync('/usr/bin/pgbench')) return '/usr/bin/pgbench';
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin', 'pgbench')).find((p) => existsSync(p));
  if (!found) throw new Error('pgbench not found (looked at /usr/bin and /usr/lib/postgresql/*/bin)');
  return found;
}

const lit = (v: string | number | null | undefined) => (v === null || v === undefined ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);

/** (a) The smallest durable write: one row, one transaction. */
export const RAW_INSERT_SCRIPT = `INSERT INTO bench_insert (payload) VALUES ('${'市民来电反映占道经营问题，希望尽快处理。'.repeat(4)}');\n`;

/**
 * (b) TicketsService.register's statement, the same shape and values the API sends (order, first flow
 * record and ticket.created event in one CTE), with the phone varied like the HTTP run does.
 */
export function registerScript(r: Registration): string {
  const b = r.body;
  return `\\set ph random(0, 99999999)
WITH t AS (
  INSERT INTO ticket (no, state, appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone,
    citizen_enterprise, confidential, anonymous, district_id, street_id, community_id, address, longitude, latitude,
    title, content, received_at, registered_by)
  VALUES (next_ticket_no('Asia/Shanghai'), 'registered', ${lit(b.appealType)}, 'normal', ${lit(b.channel)}, NULL, ${b.categoryId}, '{}',
    ${lit(b.citizenName)}, '139' || lpad(:ph::text, 8, '0'), NULL, false, false, ${b.districtId}, ${b.streetId}, ${b.communityId},
    ${lit(b.address)}, NULL, NULL, ${lit(b.title)}, ${lit(b.content)}, coalesce(NULL, now()), ${r.agentId})
  RETURNING *
), f AS (
  INSERT INTO ticket_flow (ticket_id, action, from_state, to_state, actor_user_id, actor_unit_id, actor_role)
  SELECT id, 'register', NULL, 'registered', ${r.agentId}, ${r.centreUnitId}, 'agent' FROM t
), o AS (
  INSERT INTO outbox_event (type, aggregate_id, payload)
  SELECT '${JOBS.domainEvents.ticketCreated}', id, jsonb_build_object(
    'audience', jsonb_build_object('unitIds', '[${r.centreUnitId}]'::jsonb, 'ticketId', id::text),
    'data', jsonb_build_object('id', id::text, 'no', no, 'state', state, 'version', version, 'action', 'register',
                               'channel', channel, 'urgency', urgency, 'categoryId', category_id, 'leadUnitId', NULL),
    'occurredAt', now())
  FROM t
)
SELECT * FROM t;
`;
}

/**
 * Runs pgbench with one custom script. Prepared statements (-M prepared): the server's best case, which
 * is what a ceiling should be. -n: no vacuum of pgbench's own tables (it has none here).
 */
export async function runPgbench(
  url: string,
  name: string,
  script: string,
  opts: { clients: number; threads: number; seconds: number },
): Promise<PgbenchFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-pgbench-'));
  try {
    const file = join(dir, `${name}.sql`);
    await writeFile(file, script);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(opts.clients),
      '-j',
      String(opts.threads),
      '-T',
      String(opts.seconds),
      '-f',
      file,
      url,
    ];
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const p = spawn(pgbenchBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('error', reject);
      p.on('close', (c) => resolve({ code: c, out }));
    });
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
    const figures: PgbenchFigures = {
      name,
      tps: num(/tps = ([\d.]+)/),
      latencyAvgMs: num(/latency average = ([\d.]+) ms/),
      transactions: num(/number of transactions actually processed: (\d+)/),
      failed: num(/number of failed transactions: (\d+)/) || 0,
      clients: opts.clients,
      seconds: opts.seconds,
    };
    if (code !== 0 || !Number.isFinite(figures.tps) || figures.failed > 0) {
      throw new Error(`pgbench ${name} failed (exit ${code}):\n${out}`);
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
