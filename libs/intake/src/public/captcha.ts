import { AppConfig, DomainError } from '@app/common';
import { Injectable } from '@nestjs/common';

/** The hook a captcha service plugs into: true when the token proves a person. */
export interface CaptchaVerifier {
  verify(token: string | undefined, ip: string): Promise<boolean>;
}
export const CAPTCHA_VERIFIER = Symbol('CAPTCHA_VERIFIER');

/**
 * The default hook: with CAPTCHA_VERIFY_URL set, asks that service (POST {token, ip} → {success});
 * without it, no captcha is required. Another verifier can replace this provider.
 */
@Injectable()
export class HttpCaptchaVerifier implements CaptchaVerifier {
  constructor(private readonly config: AppConfig) {}

  async verify(token: string | undefined, ip: string): Promise<boolean> {
    const url = this.config.CAPTCHA_VERIFY_URL;
    if (!url) return true;
    if (!token) return false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, ip }),
        signal: AbortSignal.timeout(3000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return ((await res.json()) as { success?: boolean }).success === true;
    } catch (e) {
      throw new DomainError('PUBLIC.CAPTCHA_UNAVAILABLE', '验证码服务暂不可用，请稍后再试', 503, { reason: (e as Error).message });
    }
  }
}
