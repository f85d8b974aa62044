import { AppConfig, DomainError } from '@app/common';
import { verifyWebhookSignature } from '@app/intake';
import { CanActivate, ExecutionContext, Injectable, Type, mixin } from '@nestjs/common';

type SignedRequest = { headers: Record<string, string | undefined>; rawBody?: string };

/**
 * A guard for a machine-to-machine webhook (the CTI switch, the SMS gateway): `X-<Name>-Timestamp` and
 * `X-<Name>-Signature: sha256=<hex HMAC(secret, "<timestamp>.<raw body>")>`. It runs before validation,
 * so an unsigned caller learns nothing about the payload's shape. Refusals carry the channel's prefix:
 * `<PREFIX>.MISSING_SIGNATURE`, `<PREFIX>.BAD_SIGNATURE`, `<PREFIX>.REPLAYED`, `<PREFIX>.NOT_CONFIGURED`.
 */
export function WebhookSignatureGuard(prefix: string, header: string, secretOf: (c: AppConfig) => string | undefined): Type<CanActivate> {
  @Injectable()
  class SignatureGuard implements CanActivate {
    constructor(private readonly config: AppConfig) {}

    canActivate(ctx: ExecutionContext): boolean {
      const secret = secretOf(this.config);
      if (!secret) throw new DomainError(`${prefix}.NOT_CONFIGURED`, '该渠道未配置签名密钥，暂不可用', 503);
      const req = ctx.switchToHttp().getRequest<SignedRequest>();
      const h = header.toLowerCase();
      verifyWebhookSignature(prefix, secret, req.rawBody ?? '', req.headers[`x-${h}-timestamp`], req.headers[`x-${h}-signature`]);
      return true;
    }
  }
  return mixin(SignatureGuard);
}

export const CtiSignatureGuard = WebhookSignatureGuard('CTI', 'CTI', (c) => c.CTI_WEBHOOK_SECRET);
export const SmsSignatureGuard = WebhookSignatureGuard('SMS', 'SMS', (c) => c.SMS_WEBHOOK_SECRET);
