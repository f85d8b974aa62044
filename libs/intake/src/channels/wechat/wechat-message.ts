import type { IntakeAttachment, IntakeLocation, IntakeMessage } from '../../intake.types';
import { wechatErrors } from './wechat.errors';
import type { WechatFields } from './wechat-xml';

/**
 * What a push asks of us:
 *  - appeal: a citizen's message (text, image, voice, video, location, link): opens or joins their appeal;
 *  - query: "查询 <工单号>" / "查询进度": their order's progress, nothing created;
 *  - welcome: the subscribe event; silent: any other event (unsubscribe, menu CLICK…), answered "success";
 *  - unsupported: a message type we do not take (kept, told what we take).
 */
export type WechatIntent = 'appeal' | 'query' | 'welcome' | 'silent' | 'unsupported';

export interface WechatInbound {
  intent: WechatIntent;
  message: IntakeMessage;
  /** For a query: the order number asked about, or null for "the sender's latest". */
  ticketNo: string | null;
  /** The citizen's openid and the official account's id, swapped in the reply. */
  openid: string;
  account: string;
}

// Only a bare command is a query: "查询一下我家楼下路灯不亮" is an appeal, not a query.
const QUERY = /^查询(?:进度)?[\s:：]*(\d{8}-\d{8,19})?\s*$/;
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

function required(f: WechatFields, name: string): string {
  const v = f[name];
  if (v === undefined || v === '') throw wechatErrors.badMessage(`missing <${name}>`);
  return v;
}

function coordinate(value: string | undefined, name: string, limit: number): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || Math.abs(n) > limit)
    throw wechatErrors.badMessage(`<${name}> is not a coordinate`);
  return n;
}

function appeal(f: WechatFields, type: string): { content: string; attachments?: IntakeAttachment[]; location?: IntakeLocation } | null {
  switch (type) {
    case 'text': {
      const content = (f.Content ?? '').trim();
      if (!content) throw wechatErrors.badMessage('empty <Content>');
      return { content };
    }
    case 'image':
      return { content: '[图片]', attachments: [{ type: 'image', url: required(f, 'PicUrl'), mediaId: required(f, 'MediaId') }] };
    case 'voice': {
      const format = f.Format || 'amr';
      const heard = f.Recognition?.trim();
      return {
        content: heard ? `[语音] ${heard}` : '[语音]',
        attachments: [{ type: 'voice', mediaId: required(f, 'MediaId'), name: `voice.${format.toLowerCase()}` }],
      };
    }
    case 'video':
    case 'shortvideo':
      return { content: '[视频]', attachments: [{ type: 'video', mediaId: required(f, 'MediaId') }] };
    case 'location': {
      const label = f.Label?.trim() || null;
      return {
        content: label ? `[位置] ${label}` : '[位置]',
        location: {
          latitude: coordinate(f.Location_X, 'Location_X', 90),
          longitude: coordinate(f.Location_Y, 'Location_Y', 180),
          label,
          address: label,
        },
      };
    }
    case 'link': {
      const url = required(f, 'Url');
      const title = f.Title?.trim() ?? '';
      return {
        content: ['[链接]', title, f.Description?.trim() ?? '', url].filter(Boolean).join(' '),
        attachments: [{ type: 'link', url, name: title }],
      };
    }
    default:
      return null;
  }
}

/** Turns a parsed push into the intake message and what to answer. `raw` is the XML as received (decrypted in safe mode). */
export function toInbound(f: WechatFields, raw: string): WechatInbound {
  const account = required(f, 'ToUserName');
  const openid = required(f, 'FromUserName');
  if (!OPENID.test(openid)) throw wechatErrors.badMessage('<FromUserName> is not an openid');
  if (account.length > 64) throw wechatErrors.badMessage('<ToUserName> is too long');
  const createTime = required(f, 'CreateTime');
  if (!/^\d{1,12}$/.test(createTime)) throw wechatErrors.badMessage('<CreateTime> is not a Unix time');
  const type = required(f, 'MsgType');
  const base = {
    channel: 'wechat' as const,
    hotlineNumber: null,
    account,
    sender: { openid },
    receivedAt: new Date(Number(createTime) * 1000),
    raw,
    rawType: 'xml' as const,
  };
  const reply = { openid, account, ticketNo: null };

  if (type === 'event') {
    // Events carry no MsgId: the sender, the second and the event name identify one (WeChat's own advice for de-duplication).
    const event = required(f, 'Event').slice(0, 40);
    const key = f.EventKey?.trim();
    const location =
      event === 'LOCATION' && f.Latitude && f.Longitude
        ? { latitude: coordinate(f.Latitude, 'Latitude', 90), longitude: coordinate(f.Longitude, 'Longitude', 180) }
        : null;
    return {
      ...reply,
      intent: event === 'subscribe' ? 'welcome' : 'silent',
      message: {
        ...base,
        externalId: `${openid}:${createTime}:${event}`,
        content: key ? `${event} ${key}` : event,
        location,
        mode: 'event',
      },
    };
  }

  const externalId = f.MsgId || `${openid}:${createTime}:${type}`;
  if (!/^[A-Za-z0-9:_-]{1,128}$/.test(externalId)) throw wechatErrors.badMessage('<MsgId> is not a message id');
  if (type === 'text') {
    const query = QUERY.exec((f.Content ?? '').trim());
    if (query)
      return {
        ...reply,
        intent: 'query',
        ticketNo: query[1] ?? null,
        message: { ...base, externalId, content: f.Content.trim(), mode: 'query' },
      };
  }
  const body = appeal(f, type);
  if (!body) return { ...reply, intent: 'unsupported', message: { ...base, externalId, content: `[${type.slice(0, 32)}]`, mode: 'event' } };
  return { ...reply, intent: 'appeal', message: { ...base, externalId, ...body, mode: 'conversation' } };
}
