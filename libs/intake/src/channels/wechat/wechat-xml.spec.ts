import { DomainError } from '@app/common';
import { encryptedReplyXml, parseWechatXml, textReplyXml } from './wechat-xml';

function refusal(xml: unknown): string {
  try {
    parseWechatXml(xml);
  } catch (e) {
    if (e instanceof DomainError) return `${e.status} ${e.code}`;
    throw e;
  }
  throw new Error('expected a refusal');
}

const TEXT = `<xml><ToUserName><![CDATA[gh_123]]></ToUserName><FromUserName><![CDATA[oUser_1-x]]></FromUserName>
<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a < b && c]]></Content>
<MsgId>6054768590064713728</MsgId></xml>`;

describe('WeChat XML', () => {
  it('reads a push into flat string fields, keeping a 64-bit MsgId exact and CDATA as written', () => {
    const f = parseWechatXml(TEXT);
    expect(f).toMatchObject({ ToUserName: 'gh_123', FromUserName: 'oUser_1-x', CreateTime: '1700000000', MsgType: 'text' });
    expect(f.MsgId).toBe('6054768590064713728');
    expect(f.Content).toBe('a < b && c');
  });

  it('does not expand entity references (no DTD, processEntities off)', () => {
    const f = parseWechatXml('<xml><Content>x &amp; &lol9; y</Content></xml>');
    expect(f.Content).toBe('x &amp; &lol9; y');
  });

  it('refuses a billion-laughs DTD and an external entity outright', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>`;
    const xxe = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>`;
    expect(refusal(laughs)).toBe('400 WECHAT.BAD_XML');
    expect(refusal(xxe)).toBe('400 WECHAT.BAD_XML');
    expect(refusal('<xml><!entity x "y"></xml>')).toBe('400 WECHAT.BAD_XML');
  });

  it('refuses malformed XML, another root, repeated fields and non-strings', () => {
    expect(refusal('<xml><Content>x</Contnet></xml>')).toBe('400 WECHAT.BAD_XML');
    expect(refusal('<xml><Content>x</Content>')).toBe('400 WECHAT.BAD_XML');
    expect(refusal('not xml at all')).toBe('400 WECHAT.BAD_XML');
    expect(refusal('<root><Content>x</Content></root>')).toBe('400 WECHAT.BAD_XML');
    expect(refusal('<xml><a>1</a></xml><xml><a>2</a></xml>')).toBe('400 WECHAT.BAD_XML');
    expect(refusal('<xml><Content>1</Content><Content>2</Content></xml>')).toBe('400 WECHAT.BAD_XML');
    expect(refusal('')).toBe('400 WECHAT.BAD_XML');
    expect(refusal({ xml: 1 })).toBe('400 WECHAT.BAD_XML');
  });

  it('builds a text reply with the users swapped by the caller and CDATA that cannot be broken out of', () => {
    const xml = textReplyXml({ toUser: 'oUser', fromUser: 'gh_123', content: '工单号 1 ]]><x/>', createTime: 1700000000 });
    const f = parseWechatXml(xml);
    expect(f).toEqual({
      ToUserName: 'oUser',
      FromUserName: 'gh_123',
      CreateTime: '1700000000',
      MsgType: 'text',
      Content: '工单号 1 ]]><x/>',
    });
  });

  it('builds the safe-mode envelope', () => {
    const f = parseWechatXml(encryptedReplyXml({ encrypt: 'QUJD', signature: 'abc', timestamp: '1700000000', nonce: 'n1' }));
    expect(f).toEqual({ Encrypt: 'QUJD', MsgSignature: 'abc', TimeStamp: '1700000000', Nonce: 'n1' });
  });
});
