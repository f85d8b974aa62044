/**
 * `npm run simulate:cti -- [--calls 2000] [--speed max|X] [--url http://localhost:3000] [--date YYYY-MM-DD]`
 *
 * Plays the call-centre switch for one busy day: sends every call's CTI events (offered, queued,
 * answered, abandoned, ended), signed with CTI_WEBHOOK_SECRET, to POST /channels/cti/events, then asks
 * the server for the day's 接通率 and 15秒应答率 (GET /calls/stats) and prints them beside what it sent.
 *
 * The day: arrivals peak 9–11 and 14–16; most waits under 15 s with a tail that grows at the peaks;
 * callers hang up when their patience runs out (a few percent); talks of 2–6 minutes; callers who call
 * again (often right after hanging up); a share of calls dialling the merged legacy lines (12315,
 * 12333, …) of the server's hotline registry; a few events delivered twice or out of order, as switches do.
 *
 * Options: --secret (else CTI_WEBHOOK_SECRET, else the demo's .data/secrets.json), --agents a,b (our usernames; default the demo seats),
 * --user/--password (a supervisor or manager, to read the stats; default the demo supervisor),
 * --legacy 0.22 (share dialling legacy lines), --seed N, --concurrency 8, --quiet.
 * --speed X runs the day X times faster than real time (--speed 1440: a day in a minute); max (the
 * default) sends as fast as the server takes it. The day simulated defaults to yesterday (Asia/Shanghai),
 * so that no event lies in the future; event times are that day's, signing times are now.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { signWebhook } from '@app/intake';
import { HOTLINES } from './seed/hotlines.data';
import { Rng, mulberry32 } from './seed/random';
import { CENTRE_STAFF, DEMO_PASSWORD } from './seed/units.data';

export interface SimulatorOptions {
  url: string;
  secret: string;
  calls: number;
  /** Simulated seconds per real second; 0 = as fast as possible. */
  speed: number;
  date: string;
  agents: string[];
  user: string;
  password: string;
  legacyShare: number;
  seed: number;
  concurrency: number;
  log: (line: string) => void;
}

interface CtiEvent {
  eventId: string;
  type: 'offered' | 'queued' | 'answered' | 'abandoned' | 'ended';
  callId: string;
  occurredAt: string;
  callerNumber?: string;
  dialledNumber: string;
  agent?: string;
  waitSeconds?: number;
  talkSeconds?: number;
  recordingRef?: string;
}

interface PlannedCall {
  callId: string;
  at: number;
  line: string;
  caller: string | null;
  answered: boolean;
  wait: number;
  talk: number;
  agent: string;
}

/** Relative arrivals per hour of the day (a city centre's weekday): peaks 9–11 and 14–16, a lunch dip, quiet nights. */
const HOURLY = [0.4, 0.3, 0.2, 0.2, 0.2, 0.4, 1.0, 2.6, 5.6, 8.6, 9.0, 7.4, 4.8, 5.6, 8.2, 8.6, 7.4, 5.4, 3.4, 3.0, 2.4, 1.9, 1.2, 0.7];
const PEAK = Math.max(...HOURLY);
const TZ_OFFSET = '+08:00';

/** How long until an agent is free: mostly seconds, a tail of minutes, longer at the peaks. */
function sampleWait(rng: Rng, hour: number): number {
  const load = 0.6 + 0.8 * (HOURLY[hour] / PEAK);
  const u = rng.next();
  const base = u < 0.8 ? rng.real(1, 11) : u < 0.93 ? rng.real(11, 30) : u < 0.985 ? rng.real(30, 90) : rng.real(90, 240);
  return Math.max(1, Math.round(base * load));
}

/** How long the caller will hold: most wait as long as it takes; some give up after tens of seconds. */
function samplePatience(rng: Rng): number {
  if (rng.chance(0.78)) return Number.POSITIVE_INFINITY;
  return Math.max(3, Math.round(-Math.log(1 - rng.next()) * 32));
}

/** 2–6 minutes, most near 3. */
function sampleTalk(rng: Rng): number {
  const [a, c, b] = [120, 190, 360];
  const u = rng.next();
  const f = (c - a) / (b - a);
  return Math.round(u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c)));
}

function newCaller(rng: Rng): string {
  if (rng.chance(0.12)) return `0571${rng.int(10_000_000, 99_999_999)}`;
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** The day's calls, in order of arrival. */
export function planDay(o: Pick<SimulatorOptions, 'calls' | 'date' | 'agents' | 'legacyShare' | 'seed'>, lines: Map<string, number>) {
  const rng = new Rng(mulberry32(o.seed));
  const dayStart = Date.parse(`${o.date}T00:00:00${TZ_OFFSET}`);
  const total = HOURLY.reduce((a, b) => a + b, 0);
  const arrivals: number[] = [];
  for (let i = 0; i < o.calls; i++) {
    let r = rng.next() * total;
    let hour = 0;
    while (r >= HOURLY[hour]) r -= HOURLY[hour++];
    arrivals.push(dayStart + hour * 3_600_000 + Math.floor(rng.next() * 3_600_000));
  }
  arrivals.sort((a, b) => a - b);
  const legacy = Object.fromEntries([...lines].filter(([n]) => n !== '12345'));
  const tag = `${o.date.replace(/-/g, '')}-${o.seed.toString(36)}`;
  const callers: string[] = [];
  const redials: { at: number; caller: string }[] = [];
  const calls: PlannedCall[] = [];
  let seat = 0;
  for (const [i, at] of arrivals.entries()) {
    // Whoever hung up calls again a few minutes later, or someone calls about their order again.
    const due = redials.findIndex((r) => r.at <= at);
    let caller: string | null;
    if (due >= 0) caller = redials.splice(due, 1)[0].caller;
    else if (callers.length && rng.chance(0.12)) caller = rng.pick(callers);
    else caller = rng.chance(0.005) ? null : newCaller(rng);
    if (caller) callers.push(caller);
    const line = Object.keys(legacy).length && rng.chance(o.legacyShare) ? rng.weighted(legacy) : '12345';
    const hour = new Date(at + 8 * 3_600_000).getUTCHours();
    const ready = sampleWait(rng, hour);
    const patience = samplePatience(rng);
    const answered = ready <= patience;
    const wait = answered ? ready : patience;
    if (!answered && caller && rng.chance(0.5)) redials.push({ at: at + wait * 1000 + rng.int(60, 900) * 1000, caller });
    calls.push({
      callId: `sim-${tag}-${String(i + 1).padStart(6, '0')}`,
      at,
      line,
      caller,
      answered,
      wait,
      talk: sampleTalk(rng),
      agent: o.agents[seat++ % o.agents.length],
    });
  }
  return { calls, dayStart, rng };
}

/** A call's events as the switch sends them, each at its own time. */
function eventsOf(c: PlannedCall, rng: Rng): { at: number; event: CtiEvent }[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const base = { callId: c.callId, dialledNumber: c.line, ...(c.caller ? { callerNumber: c.caller } : {}) };
  const out: { at: number; event: CtiEvent }[] = [];
  const add = (type: CtiEvent['type'], at: number, extra: Partial<CtiEvent> = {}) =>
    out.push({ at, event: { eventId: `${c.callId}-${type}`, type, occurredAt: iso(at), ...base, ...extra } });
  add('offered', c.at);
  if (c.wait > 3) add('queued', c.at + rng.int(500, 2_000));
  const end = c.at + c.wait * 1000;
  if (c.answered) {
    add('answered', end, { agent: c.agent, waitSeconds: c.wait });
    add('ended', end + c.talk * 1000, { talkSeconds: c.talk, recordingRef: `rec/${c.callId}.wav` });
  } else {
    add('abandoned', end, { waitSeconds: c.wait });
  }
  return out;
}

async function login(url: string, username: string, password: string): Promise<string | null> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.ok ? ((await res.json()) as { accessToken: string }).accessToken : null;
}

/** The lines the server knows (active), weighted by how much traffic each still carries (seed data; 1 when unknown). */
async function registryLines(url: string, token: string | null): Promise<Map<string, number>> {
  const share = new Map(HOTLINES.map((h) => [h.number, h.share || 1]));
  if (token) {
    const res = await fetch(`${url}/hotlines`, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok) return new Map(((await res.json()) as { number: string }[]).map((h) => [h.number, share.get(h.number) ?? 1]));
  }
  return new Map(HOTLINES.filter((h) => h.active !== false).map((h) => [h.number, h.share || 1]));
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);

export async function simulateDay(o: SimulatorOptions) {
  const log = o.log;
  const token = await login(o.url, o.user, o.password);
  if (!token) log(`(could not sign in as ${o.user}: lines from the seed data, and no server figures at the end)`);
  const lines = await registryLines(o.url, token);
  const { calls, dayStart, rng } = planDay(o, lines);
  const planned = calls.flatMap((c) => eventsOf(c, rng));
  // As switches do: a few deliveries twice (a lost acknowledgement), a few late (a queued overtaken by its answer).
  const sends: { at: number; event: CtiEvent }[] = [];
  for (const p of planned) {
    sends.push(p);
    if (rng.chance(0.01)) sends.push({ at: p.at + rng.int(1_000, 30_000), event: p.event });
    else if (p.event.type === 'queued' && rng.chance(0.02)) sends[sends.length - 1] = { ...p, at: p.at + rng.int(20_000, 60_000) };
  }
  sends.sort((a, b) => a.at - b.at);

  const results = { sent: 0, accepted: 0, duplicates: 0, late: 0, refused: new Map<string, number>() };
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < sends.length) {
      const s = sends[next++];
      if (o.speed > 0) {
        const due = started + (s.at - dayStart) / o.speed;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const body = JSON.stringify(s.event);
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${o.url}/channels/cti/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-cti-timestamp': ts,
          'x-cti-signature': `sha256=${signWebhook(o.secret, ts, body)}`,
        },
        body,
      });
      results.sent++;
      const ack = (await res.json()) as { duplicate?: boolean; outcome?: string; code?: string };
      if (res.status !== 200) results.refused.set(`${res.status} ${ack.code}`, (results.refused.get(`${res.status} ${ack.code}`) ?? 0) + 1);
      else {
        results.accepted++;
        if (ack.duplicate) results.duplicates++;
        else if (ack.outcome === 'late') results.late++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  const seconds = (Date.now() - started) / 1000;

  // --- what was sent ---
  const answered = calls.filter((c) => c.answered);
  const within = answered.filter((c) => c.wait <= 15).length;
  const callers = new Set(calls.map((c) => c.caller).filter(Boolean));
  log(`\nCTI simulator: ${o.date} (Asia/Shanghai), ${calls.length} calls → ${o.url}`);
  log(`  sample event: ${JSON.stringify(planned.find((p) => p.event.type === 'answered')?.event ?? planned[0].event)}`);
  log(`\n  arrivals by hour`);
  const perHour = HOURLY.map((_, h) => calls.filter((c) => new Date(c.at + 8 * 3_600_000).getUTCHours() === h).length);
  const most = Math.max(...perHour, 1);
  perHour.forEach((n, h) => log(`  ${String(h).padStart(2, '0')}  ${'█'.repeat(Math.round((n / most) * 40)).padEnd(40)} ${n}`));
  const byLine = new Map<string, number>();
  for (const c of calls) byLine.set(c.line, (byLine.get(c.line) ?? 0) + 1);
  log(
    `\n  lines dialled: ${[...byLine]
      .sort((a, b) => b[1] - a[1])
      .map(([l, n]) => `${l} ${n}`)
      .join(', ')}`,
  );
  log(
    `  callers: ${callers.size} distinct for ${calls.length} calls (${calls.length - callers.size} repeat calls), ${calls.filter((c) => !c.caller).length} withheld`,
  );
  log(
    `  abandoned: ${calls.length - answered.length} (${pct((calls.length - answered.length) / calls.length)}); waits ≤ 15 s: ${pct(within / Math.max(1, answered.length))} of answered`,
  );
  log(`  talk: mean ${(answered.reduce((a, c) => a + c.talk, 0) / Math.max(1, answered.length) / 60).toFixed(1)} min`);
  log(
    `  events: ${results.sent} sent in ${seconds.toFixed(1)} s (${(results.sent / seconds).toFixed(0)}/s), ${results.accepted} accepted, ${results.duplicates} redeliveries acknowledged as duplicates, ${results.late} late`,
  );
  if (results.refused.size) log(`  refused: ${[...results.refused].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  log(
    `  expected from what was sent: 接通率 ${pct(answered.length / calls.length)}, 15秒应答率 ${pct(within / Math.max(1, answered.length))}`,
  );

  // --- what the server makes of it ---
  if (!token) return { calls: calls.length, results, stats: null };
  const q = new URLSearchParams({ from: new Date(dayStart).toISOString(), to: new Date(dayStart + 86_400_000).toISOString() });
  const res = await fetch(`${o.url}/calls/stats?${q}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    log(`  GET /calls/stats: ${res.status} ${await res.text()}`);
    return { calls: calls.length, results, stats: null };
  }
  const stats = (await res.json()) as {
    total: Record<string, number | null>;
    byHotline: (Record<string, number | null> & { number: string; name: string })[];
  };
  const t = stats.total;
  log(`\n  server (GET /calls/stats, every call of that day on the server):`);
  log(`  offered ${t.offered}, answered ${t.answered}, abandoned ${t.abandoned}, answered within 15 s ${t.answeredWithin}`);
  log(`  接通率 ${pct(t.connectionRate)}   15秒应答率 ${pct(t.answerWithinRate)}   average wait ${t.avgWaitSeconds} s`);
  for (const h of stats.byHotline.slice(0, 8)) {
    log(
      `    ${h.number.padEnd(6)} ${String(h.offered).padStart(6)} offered  接通率 ${pct(h.connectionRate).padStart(7)}  15秒应答率 ${pct(h.answerWithinRate).padStart(7)}  ${h.name}`,
    );
  }
  return { calls: calls.length, results, stats };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function yesterday(): string {
  return new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const secret = arg('secret') ?? process.env.CTI_WEBHOOK_SECRET ?? demoSecret('CTI_WEBHOOK_SECRET');
  if (!secret) throw new Error('no secret: pass --secret or set CTI_WEBHOOK_SECRET (the one the api was started with)');
  const speed = arg('speed') ?? 'max';
  const date = arg('date') ?? yesterday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('--date must be YYYY-MM-DD');
  await simulateDay({
    url: (arg('url') ?? process.env.API_URL ?? 'http://localhost:3000').replace(/\/$/, ''),
    secret,
    calls: Number(arg('calls') ?? 2000),
    speed: speed === 'max' ? 0 : Number(speed),
    date,
    agents: (
      arg('agents') ??
      CENTRE_STAFF.filter((s) => s.role === 'agent' || s.role === 'dispatcher')
        .map((s) => s.username)
        .join(',')
    ).split(','),
    user: arg('user') ?? 'supervisor01',
    password: arg('password') ?? DEMO_PASSWORD,
    legacyShare: Number(arg('legacy') ?? 0.22),
    seed: Number(arg('seed') ?? Date.now() % 1_000_000),
    concurrency: Number(arg('concurrency') ?? 8),
    log: (l) => console.log(l),
  });
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

/** The secret `npm start` generated for the demo (.data/secrets.json), when there is one. */
function demoSecret(key: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '.data', 'secrets.json'), 'utf8')) as Record<string, string>)[key];
  } catch {
    return undefined;
  }
}
