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
