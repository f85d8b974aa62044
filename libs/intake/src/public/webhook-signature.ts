import { DomainError } from '@app/common';
import { createHmac, timingSafeEqual } from 'crypto';

/** How far a signed request's timestamp may be from now before it counts as a replay. */
export const MAX_SKEW_SECONDS = 300;

/**
 * Checks a machine-to-machine webhook: `signature` is `sha256=<hex>` of HMAC-SHA256(secret,
 * `${timestamp}.${rawBody}`), and the timestamp (unix seconds) is within five minutes. Throws the
 * refusal with the channel's own error code prefix.
 */
export function verifyWebhookSignature(
  prefix: string,
  secret: string,
  rawBody: string,
  timestamp: string | undefined,
  signature: string | undefined,
  now = Date.now(),
): void {
  if (!timestamp || !signature) throw new DomainError(`${prefix}.MISSING_SIGNATURE`, '缺少签名或时间戳', 401);
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) throw new DomainError(`${prefix}.BAD_SIGNATURE`, '时间戳格式错误', 401);
  const expected = Buffer.from(`sha256=${signWebhook(secret, timestamp, rawBody)}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DomainError(`${prefix}.BAD_SIGNATURE`, '签名校验失败', 401);
  }
  if (Math.abs(now / 1000 - ts) > MAX_SKEW_SECONDS) {
    throw new DomainError(`${prefix}.REPLAYED`, '请求时间戳超出5分钟，疑似重放，已拒绝', 401, { maxSkewSeconds: MAX_SKEW_SECONDS });
  }
}

/** The hex HMAC a sender puts after `sha256=` (gateways, the simulator and tests use this). */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}
