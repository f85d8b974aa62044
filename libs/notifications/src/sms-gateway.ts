/** Outbound SMS. One interface; the default records the message and sends nothing, a real provider plugs in by configuration. */
export interface SmsGateway {
  readonly name: string;
  /** Resolves once the provider accepted the message (or, for the recorder, at once). */
  send(to: string, body: string): Promise<'sent' | 'recorded'>;
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');

/** The default: every message is kept in sms_message with status 'recorded'; nothing leaves the building. */
export class RecordingSmsGateway implements SmsGateway {
  readonly name = 'recording';

  async send(): Promise<'recorded'> {
    return 'recorded';
  }
}

/**
 * A provider reached over HTTP: POST {to, body} as JSON to SMS_HTTP_URL with a bearer token. Most
 * Chinese SMS platforms sit behind such a relay (or take this shape directly); another provider
 * implements SmsGateway and is chosen the same way, by SMS_PROVIDER.
 */
export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}

  async send(to: string, body: string): Promise<'sent'> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to, body }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`SMS provider answered HTTP ${res.status}`);
    return 'sent';
  }
}

/** The gateway the configuration names: the recorder unless SMS_PROVIDER=http (with SMS_HTTP_URL). */
export function smsGatewayFor(config: { SMS_PROVIDER: 'recording' | 'http'; SMS_HTTP_URL?: string; SMS_HTTP_TOKEN?: string }): SmsGateway {
  if (config.SMS_PROVIDER === 'http') {
    if (!config.SMS_HTTP_URL) throw new Error('SMS_PROVIDER=http needs SMS_HTTP_URL');
    return new HttpSmsGateway(config.SMS_HTTP_URL, config.SMS_HTTP_TOKEN);
  }
  return new RecordingSmsGateway();
}
