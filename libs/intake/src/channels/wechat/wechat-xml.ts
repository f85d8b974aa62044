import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { wechatErrors } from './wechat.errors';

/** A WeChat push as flat fields: <xml><ToUserName>…</ToUserName>…</xml> → { ToUserName: '…', … }. */
export type WechatFields = Record<string, string>;

// No DTD means no entity expansion (billion laughs) and no external entities (XXE): refused before parsing.
const DECLARATIONS = /<!DOCTYPE|<!ENTITY/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entity references are kept as written (WeChat wraps every string in CDATA); MsgId is 64-bit: keep it a string.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
});

/**
 * Parses a push (or the decrypted message inside a safe-mode push). Refuses DTDs and entity
 * declarations outright, malformed XML, a root other than <xml> and repeated fields. Nested elements
 * (menu events' ScanCodeInfo, SendPicsInfo…) are not fields; they stay in the raw XML.
 */
export function parseWechatXml(xml: unknown): WechatFields {
  if (typeof xml !== 'string' || !xml.trim()) throw wechatErrors.badXml('empty body or not XML');
  if (DECLARATIONS.test(xml)) throw wechatErrors.badXml('DTD and entity declarations are not accepted');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw wechatErrors.badXml(`${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => k !== '#text');
  if (roots.length !== 1 || roots[0] !== 'xml') throw wechatErrors.badXml('the root element must be one <xml>');
  const fields: WechatFields = {};
  if (typeof doc.xml !== 'object' || doc.xml === null) return fields;
  for (const [name, value] of Object.entries(doc.xml)) {
    if (Array.isArray(value)) throw wechatErrors.badXml(`element <${name}> appears more than once`);
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The passive reply (被动回复) with a text: to the citizen (their openid), from the official account. */
export function textReplyXml(r: { toUser: string; fromUser: string; content: string; createTime: number }): string {
  return (
    `<xml><ToUserName>${cdata(r.toUser)}</ToUserName><FromUserName>${cdata(r.fromUser)}</FromUserName>` +
    `<CreateTime>${r.createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(r.content)}</Content></xml>`
  );
}

/** A safe-mode reply: the reply XML encrypted, with its signature. */
export function encryptedReplyXml(r: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return (
    `<xml><Encrypt>${cdata(r.encrypt)}</Encrypt><MsgSignature>${cdata(r.signature)}</MsgSignature>` +
    `<TimeStamp>${r.timestamp}</TimeStamp><Nonce>${cdata(r.nonce)}</Nonce></xml>`
  );
}
