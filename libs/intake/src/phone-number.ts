import { PHONE_PATTERN } from '@app/common';

/**
 * A phone number as the order keeps it, without the country prefix gateways add (+86, 0086).
 * Anything that is not a number we could call back becomes null (the raw payload still has it).
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const p = raw.replace(/[\s\-()]/g, '').replace(/^(\+86|0086)/, '');
  return PHONE_PATTERN.test(p) ? p : null;
}
