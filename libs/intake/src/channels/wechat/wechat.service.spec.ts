import { AppConfig, DomainError } from '@app/common';
import { DataSource } from 'typeorm';
import { IntakeService } from '../../intake.service';
import { wechatSignature } from './wechat-crypto';
import { WechatService } from './wechat.service';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return `${e.status} ${e.code}`;
    throw e;
  }
  throw new Error('expected a refusal');
}

// Neither the intake nor the database is reached on these paths: the refusals come first.
const service = (over: Partial<AppConfig>) =>
  new WechatService(Object.assign(new AppConfig(), over), {} as IntakeService, {} as DataSource);

describe('WechatService configuration', () => {
  it('answers 503 WECHAT.NOT_CONFIGURED without a token, to verification and pushes alike', async () => {
    const s = service({});
    expect(refusal(() => s.verifyUrl({ signature: 'x', timestamp: '1', nonce: 'n', echostr: 'e' }))).toBe('503 WECHAT.NOT_CONFIGURED');
    await expect(s.receive({ signature: 'x', timestamp: '1', nonce: 'n' }, '<xml/>')).rejects.toMatchObject({
      code: 'WECHAT.NOT_CONFIGURED',
      status: 503,
    });
  });

  it('takes plaintext mode with a token alone, but answers 503 to safe mode without the AES key and app id', async () => {
    const s = service({ WECHAT_TOKEN: 'tok' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect(s.verifyUrl({ signature: wechatSignature('tok', timestamp, 'n'), timestamp, nonce: 'n', echostr: 'hello' })).toBe('hello');
    await expect(s.receive({ encrypt_type: 'aes', msg_signature: 'x', timestamp, nonce: 'n' }, '<xml/>')).rejects.toMatchObject({
      code: 'WECHAT.NOT_CONFIGURED',
    });
  });
});
