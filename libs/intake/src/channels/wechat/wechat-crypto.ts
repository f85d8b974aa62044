import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'crypto';

/**
 * WeChat's message encryption (公众号消息加解密, the WXBizMsgCrypt scheme), in plain Node so that the
 * benchmark and tests can play WeChat with the same code:
 *  - AESKey = base64(EncodingAESKey + '='), 32 bytes; AES-256-CBC; IV = the key's first 16 bytes;
 *  - PKCS#7 padding to a multiple of 32 bytes (not AES's 16);
 *  - plaintext = 16 random bytes + 4-byte big-endian length of msg + msg + appid.
 * Throws WechatCryptoError; the adapter turns it into the channel's error codes.
 */

const BLOCK = 32;

export type WechatCryptoFailure = 'BAD_KEY' | 'BAD_CIPHERTEXT' | 'BAD_PADDING' | 'BAD_LENGTH' | 'APPID_MISMATCH';

export class WechatCryptoError extends Error {
  constructor(
    readonly reason: WechatCryptoFailure,
    message: string,
  ) {
    super(message);
  }
}

/** sha1 of the parts sorted as strings and concatenated: the URL signature (token, timestamp, nonce) and msg_signature (+ Encrypt). */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Compares a signature the caller sent with the expected one in constant time. */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

export function pkcs7Unpad(data: Buffer): Buffer {
  const n = data.length ? data[data.length - 1] : 0;
  if (n < 1 || n > BLOCK || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    throw new WechatCryptoError('BAD_PADDING', 'padding is not PKCS#7 to 32 bytes');
  }
  return data.subarray(0, data.length - n);
}

export class WechatCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    readonly token: string,
    encodingAesKey: string,
    readonly appId: string,
  ) {
    if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new WechatCryptoError('BAD_KEY', 'EncodingAESKey must be 43 letters or digits');
    this.key = Buffer.from(encodingAesKey + '=', 'base64');
    this.iv = this.key.subarray(0, 16);
  }

  /** Base64 ciphertext of msg for this app id. `random` (16 bytes) is for the published test vectors only. */
  encrypt(msg: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(msg, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    const plain = pkcs7Pad(Buffer.concat([random, length, body, Buffer.from(this.appId, 'utf8')]));
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** The message inside a base64 ciphertext, after checking its padding, its length and that it was meant for this app id. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % BLOCK !== 0)
      throw new WechatCryptoError('BAD_CIPHERTEXT', 'ciphertext is not whole 32-byte blocks');
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    const plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
    if (plain.length < 20) throw new WechatCryptoError('BAD_LENGTH', 'plaintext shorter than its header');
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new WechatCryptoError('BAD_LENGTH', 'message length exceeds the plaintext');
    const appId = plain.subarray(20 + length).toString('utf8');
    if (appId !== this.appId) throw new WechatCryptoError('APPID_MISMATCH', 'message was encrypted for another app id');
    return plain.subarray(20, 20 + length).toString('utf8');
  }

  /** The signature over a ciphertext: msg_signature on requests, MsgSignature on replies. */
  msgSignature(timestamp: string, nonce: string, encrypted: string): string {
    return wechatSignature(this.token, timestamp, nonce, encrypted);
  }
}
