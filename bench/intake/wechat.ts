/**
 * WeChat safe-mode (AES) intake, end to end, as WeChat's servers drive it: each client posts a signed,
 * encrypted text message from a new citizen, waits for the passive reply, checks its signature,
 * decrypts it and checks it carries an order number for that citizen. The api sends that reply only
 * after the intake record and the order are committed, so every counted message is a durable order.
 *
 *   const figures = await benchWechat('http://127.0.0.1:3000', { token, encodingAesKey, appId, clients: 16, seconds: 10 });
 *
 * It needs nothing but a running api configured with the same WECHAT_* secrets. Every message is a
 * new order (a new openid each time), the path WeChat's peak traffic takes.
 */
import { randomBytes } from 'crypto';
import { Agent, request } from 'http';
import { WechatCrypto, wechatSignature } from '../../libs/intake/src/channels/wechat/wechat-crypto';

export interface WechatBenchOptions {
  /** The api's WECHAT_TOKEN, WECHAT_ENCODING_AES_KEY and WECHAT_APP_ID. */
  token: string;
  encodingAesKey: string;
  appId: string;
  /** Concurrent clients, each with one keep-alive connection and one message in flight. */
  clients: number;
  seconds: number;
  /** Run this long first without counting (JIT, pools, caches). Default 0. */
  warmupSeconds?: number;
  /** The official account's id put in ToUserName. */
  account?: string;
}

export interface WechatBenchFigures {
  /** Verified replies (durable orders) per second. */
  perSecond: number;
  /** Latency of verified messages, in milliseconds. */
  p50: number;
  p99: number;
  messages: number;
  /** Non-200 answers, transport errors, and replies that failed the signature, decryption or content check. */
  failures: number;
  seconds: number;
  firstFailure: string | null;
}

const ORDER_NO = /工单号 (\d{8}-\d{8,})/;

function field(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2]) : undefined;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function post(agent: Agent, url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.on('error', reject);
    // WeChat gives up after 5 s and retries; a reply later than that is a failure here too.
    req.setTimeout(5_000, () => req.destroy(new Error('no reply within 5 s')));
    req.end(body);
  });
}

/** One message through the api: null when the reply checks out, else why not. */
async function oneMessage(agent: Agent, baseUrl: string, crypto: WechatCrypto, account: string, msgId: string): Promise<string | null> {
  const openid = `oBench${randomBytes(11).toString('hex')}`;
  const now = Math.floor(Date.now() / 1000);
  const message =
    `<xml><ToUserName><![CDATA[${account}]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[压测：解放路菜市场门口每天早上有流动摊贩占道经营，行人只能走机动车道]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const timestamp = String(now);
  const nonce = randomBytes(5).toString('hex');
  const encrypt = crypto.encrypt(message);
  const query = new URLSearchParams({
    signature: wechatSignature(crypto.token, timestamp, nonce),
    timestamp,
    nonce,
    openid,
    encrypt_type: 'aes',
    msg_signature: crypto.msgSignature(timestamp, nonce, encrypt),
  });
  const body = `<xml><ToUserName><![CDATA[${account}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const res = await post(agent, `${baseUrl}/channels/wechat?${query}`, body);
  if (res.status !== 200) return `HTTP ${res.status}: ${res.text.slice(0, 200)}`;
  const [enc, sig, ts, n] = ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'].map((f) => field(res.text, f));
  if (!enc || !sig || !ts || !n) return `not a safe-mode reply: ${res.text.slice(0, 200)}`;
  if (crypto.msgSignature(ts, n, enc) !== sig) return 'reply signature does not match';
  const reply = crypto.decrypt(enc);
  if (field(reply, 'ToUserName') !== openid) return 'reply addressed to someone else';
  if (!ORDER_NO.test(field(reply, 'Content') ?? '')) return `reply carries no order number: ${field(reply, 'Content')}`;
  return null;
}

export async function benchWechat(baseUrl: string, opts: WechatBenchOptions): Promise<WechatBenchFigures> {
  const crypto = new WechatCrypto(opts.token, opts.encodingAesKey, opts.appId);
  const account = opts.account ?? 'gh_bench12345';
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  // MsgIds are 64-bit: start above anything a previous run used, so no message is taken for a retry.
  let nextMsgId = BigInt(Date.now()) * 1_000_000n;

  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | null = null;
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(seconds * 1e9));
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (process.hrtime.bigint() < deadline) {
          const t0 = process.hrtime.bigint();
          const problem = await oneMessage(agent, baseUrl, crypto, account, String(nextMsgId++)).catch((e: Error) => e.message);
          if (problem === null) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          else {
            failures++;
            firstFailure ??= problem;
          }
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return { latencies, failures, firstFailure, elapsed };
  };

  try {
    if (opts.warmupSeconds) await run(opts.warmupSeconds);
    const r = await run(opts.seconds);
    const sorted = r.latencies.sort((a, b) => a - b);
    return {
      perSecond: sorted.length / r.elapsed,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      messages: sorted.length,
      failures: r.failures,
      seconds: r.elapsed,
      firstFailure: r.firstFailure,
    };
  } finally {
    agent.destroy();
  }
}
