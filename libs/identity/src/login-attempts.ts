import { AppConfig, DomainError } from '@app/common';
import { Injectable, OnModuleDestroy } from '@nestjs/common';

/**
 * Failed logins per account and address, in a sliding window. After LOGIN_LIMIT failures the pair is
 * refused (429) until the oldest failure leaves the window; a successful login clears the count.
 * Successful logins never count, so seats behind one address are not locked out by logging in.
 * In memory per api process: an attacker spread over N instances gets N times the attempts, which
 * the per-address throttle on the route bounds as well.
 */
@Injectable()
export class LoginAttempts implements OnModuleDestroy {
  private readonly failures = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private windowMs(): number {
    return this.config.LOGIN_WINDOW_SECONDS * 1000;
  }

  private recent(key: string, now = Date.now()): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs());
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Throws 429 when this account has failed too often from this address lately. */
  check(key: string): void {
    const list = this.recent(key);
    if (list.length >= this.config.LOGIN_LIMIT) {
      const retryAfterSeconds = Math.ceil((list[0] + this.windowMs() - Date.now()) / 1000);
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试`, 429, { retryAfterSeconds });
    }
  }

  fail(key: string): void {
    this.failures.set(key, [...this.recent(key), Date.now()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
