import { createCipheriv, createHash } from 'crypto';
import { WechatCrypto, WechatCryptoError, pkcs7Pad, pkcs7Unpad, sameSignature, wechatSignature } from './wechat-crypto';

// The published vectors of WeChat's own WXBizMsgCrypt samples (Java test and Python sample).
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof WechatCryptoError) return e.reason;
    throw e;
  }
  throw new Error('expected a WechatCryptoError');
}

describe('WeChat message crypto', () => {
  it('encrypts the Java sample exactly as WeChat does (known random prefix)', () => {
    const c = new WechatCrypto('pamtest', SAMPLE_KEY, 'wxb11529c136998cb6');
    expect(c.encrypt('我是中文abcd123', Buffer.from('aaaabbbbccccdddd'))).toBe(
      'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
    );
  });

  it('decrypts the Python sample push and checks its msg_signature', () => {
    const c = new WechatCrypto('spamtest', SAMPLE_KEY, 'wx2c2769f8efd9abc2');
    expect(c.msgSignature('1409735669', '1320562132', SAMPLE_ENCRYPT)).toBe('5d197aaffba7e9b25a30732f161a50dee96bd5fa');
    const xml = c.decrypt(SAMPLE_ENCRYPT);
    expect(xml).toContain('<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>');
    expect(xml).toContain('<MsgId>6054768590064713728</MsgId>');
  });

  it('round-trips Chinese text of any length with a random prefix', () => {
    const c = new WechatCrypto('t', SAMPLE_KEY, 'wx0000000000000001');
    for (const msg of ['', '路灯不亮', '长'.repeat(4000), '<xml><Content><![CDATA[x]]></Content></xml>']) {
      const a = c.encrypt(msg);
      expect(c.decrypt(a)).toBe(msg);
      expect(c.encrypt(msg)).not.toBe(a);
    }
  });

  it('refuses a message encrypted for another app id', () => {
    const theirs = new WechatCrypto('t', SAMPLE_KEY, 'wxOTHERAPP0000000');
    const ours = new WechatCrypto('t', SAMPLE_KEY, 'wx0000000000000001');
    expect(failure(() => ours.decrypt(theirs.encrypt('<xml/>')))).toBe('APPID_MISMATCH');
  });

  it('refuses ciphertext that is not whole blocks, or decrypts to bad padding under another key', () => {
    const c = new WechatCrypto('t', SAMPLE_KEY, 'wx0000000000000001');
    expect(failure(() => c.decrypt('AAAA'))).toBe('BAD_CIPHERTEXT');
    expect(failure(() => c.decrypt(''))).toBe('BAD_CIPHERTEXT');
    const other = new WechatCrypto('t', 'Z'.repeat(43), 'wx0000000000000001');
    expect(['BAD_PADDING', 'BAD_LENGTH', 'APPID_MISMATCH']).toContain(failure(() => c.decrypt(other.encrypt('<xml/>'))));
  });

  it('refuses a length field pointing past the plaintext', () => {
    const key = Buffer.from(SAMPLE_KEY + '=', 'base64');
    const plain = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0x10, 0]), Buffer.from('short')]);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    const forged = Buffer.concat([cipher.update(pkcs7Pad(plain)), cipher.final()]).toString('base64');
    expect(failure(() => new WechatCrypto('t', SAMPLE_KEY, 'wx1').decrypt(forged))).toBe('BAD_LENGTH');
  });

  it('refuses an EncodingAESKey that is not 43 letters or digits', () => {
    expect(failure(() => new WechatCrypto('t', SAMPLE_KEY.slice(1), 'wx1'))).toBe('BAD_KEY');
    expect(failure(() => new WechatCrypto('t', SAMPLE_KEY.slice(1) + '+', 'wx1'))).toBe('BAD_KEY');
  });
});

describe('PKCS#7 to 32-byte blocks', () => {
  it('pads 1..32 bytes, a whole extra block when already aligned', () => {
    expect(pkcs7Pad(Buffer.alloc(31))).toHaveLength(32);
    expect(pkcs7Pad(Buffer.alloc(31))[31]).toBe(1);
    const aligned = pkcs7Pad(Buffer.alloc(32));
    expect(aligned).toHaveLength(64);
    expect([...aligned.subarray(32)]).toEqual(Array(32).fill(32));
    expect(pkcs7Pad(Buffer.alloc(0))).toHaveLength(32);
  });

  it('unpads what it padded and refuses anything else', () => {
    const data = Buffer.from('12345 热线');
    expect(pkcs7Unpad(pkcs7Pad(data)).equals(data)).toBe(true);
    expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(31), Buffer.from([0])]))).toThrow(WechatCryptoError);
    expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(31), Buffer.from([33])]))).toThrow(WechatCryptoError);
    expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(30, 1), Buffer.from([3, 2])]))).toThrow(WechatCryptoError);
  });
});

describe('signatures', () => {
  it('sha1 of the sorted concatenation, whatever the order given', () => {
    // sorted: ['1409304348', 'pamtest', 'xxxxxx'] → sha1('1409304348pamtestxxxxxx')
    const expected = createHash('sha1').update('1409304348pamtestxxxxxx').digest('hex');
    expect(wechatSignature('pamtest', '1409304348', 'xxxxxx')).toBe(expected);
    expect(wechatSignature('xxxxxx', 'pamtest', '1409304348')).toBe(expected);
  });

  it('compares signatures without regard to hex case, refusing any other difference', () => {
    const s = wechatSignature('a', 'b', 'c');
    expect(sameSignature(s.toUpperCase(), s)).toBe(true);
    expect(sameSignature(s.slice(0, -1) + (s.endsWith('0') ? '1' : '0'), s)).toBe(false);
    expect(sameSignature('', s)).toBe(false);
  });
});
