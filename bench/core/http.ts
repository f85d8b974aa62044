import autocannon from 'autocannon';
import { Agent, request } from 'http';
import { percentile } from './util';

export interface HttpAnswer {
  status: number;
  body: any;
}

/** One keep-alive connection for the sequential client: the timings measure the server, not TCP handshakes. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export function httpRequest(method: string, url: string, body?: unknown, token?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url}: no answer in 30 s`)));
    req.end(payload);
  });
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await httpRequest('POST', `${base}/auth/login`, { username, password });
  if (res.status !== 200 || !res.body?.accessToken) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

export interface RegistrationFigures {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

/**
 * POST /tickets under load. The phone number changes with every request (a running counter), as
 * callers do; everything else is the same body. A warm-up run first: JIT, pools and caches settle.
 */
export async function loadRegistration(
  base: string,
  token: string,
  body: object,
  opts: { connections: number; warmupSeconds: number; seconds: number },
): Promise<RegistrationFigures> {
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: opts.connections,
      duration,
      timeout: 30,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      requests: [
        {
          method: 'POST',
          path: '/tickets',
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ ...body, citizenPhone: `137${String(n++ % 1e8).padStart(8, '0')}` }) }),
        },
      ],
    });
  await run(opts.warmupSeconds);
  const r = await run(opts.seconds);
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    requestsPerSecond: r['2xx'] / r.duration,
    requests,
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    statusCodes,
    seconds: r.duration,
  };
}

export interface LatencyFigures {
  name: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  non2xx: number;
}

/** One request at a time, each timed with hrtime: the latency a user sees on an idle server. */
export async function sequentialLatency(
  name: string,
  base: string,
  token: string,
  path: (i: number) => string,
  opts: { warmup: number; requests: number },
): Promise<LatencyFigures> {
  const times: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < opts.warmup + opts.requests; i++) {
    const t0 = process.hrtime.bigint();
    const res = await httpRequest('GET', `${base}${path(i)}`, undefined, token);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status < 200 || res.status > 299) {
      non2xx++;
      if (non2xx === 1) console.error(`GET ${path(i)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    if (i >= opts.warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    n: times.length,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p99Ms: percentile(times, 99),
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    maxMs: times[times.length - 1],
    non2xx,
  };
}
