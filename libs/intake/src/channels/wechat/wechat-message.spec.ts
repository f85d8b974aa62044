import { DomainError } from '@app/common';
import { toInbound } from './wechat-message';
import { WECHAT_TEXTS, composeAnswer, progressText } from './wechat-replies';
import { checkFresh } from './wechat.service';

const base = { ToUserName: 'gh_account', FromUserName: 'oCitizen123', CreateTime: '1700000000' };
const inbound = (f: Record<string, string>) => toInbound({ ...base, ...f }, '<xml/>');

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('WeChat push → intake message', () => {
  it('makes a text message a conversation keyed by MsgId, from the openid to the official account', () => {
    const i = inbound({ MsgType: 'text', Content: ' 小区门口路灯不亮 ', MsgId: '6054768590064713728' });
    expect(i.intent).toBe('appeal');
    expect(i.message).toMatchObject({
      channel: 'wechat',
      externalId: '6054768590064713728',
      mode: 'conversation',
      content: '小区门口路灯不亮',
      account: 'gh_account',
      sender: { openid: 'oCitizen123' },
      hotlineNumber: null,
      rawType: 'xml',
      receivedAt: new Date(1700000000 * 1000),
    });
  });

  it('keeps media as references and a location with its coordinates', () => {
    expect(inbound({ MsgType: 'image', PicUrl: 'http://mmbiz/x.jpg', MediaId: 'm1', MsgId: '1' }).message.attachments).toEqual([
      { type: 'image', url: 'http://mmbiz/x.jpg', mediaId: 'm1' },
    ]);
    const voice = inbound({ MsgType: 'voice', MediaId: 'm2', Format: 'AMR', Recognition: '噪音扰民', MsgId: '2' }).message;
    expect(voice).toMatchObject({ content: '[语音] 噪音扰民', attachments: [{ type: 'voice', mediaId: 'm2', name: 'voice.amr' }] });
    const loc = inbound({
      MsgType: 'location',
      Location_X: '30.2741',
      Location_Y: '120.1551',
      Scale: '15',
      Label: '西湖区文三路',
      MsgId: '3',
    });
    expect(loc.message).toMatchObject({
      content: '[位置] 西湖区文三路',
      location: { latitude: 30.2741, longitude: 120.1551, label: '西湖区文三路', address: '西湖区文三路' },
    });
    expect(code(() => inbound({ MsgType: 'location', Location_X: '300', Location_Y: '1', MsgId: '4' }))).toBe('WECHAT.BAD_MESSAGE');
  });

  it('reads only a bare 查询 command as a query; a sentence that starts with 查询 is an appeal', () => {
    expect(inbound({ MsgType: 'text', Content: '查询 20250101-00000042', MsgId: '5' })).toMatchObject({
      intent: 'query',
      ticketNo: '20250101-00000042',
      message: { mode: 'query' },
    });
    expect(inbound({ MsgType: 'text', Content: '查询进度：20250101-00000042', MsgId: '6' }).ticketNo).toBe('20250101-00000042');
    expect(inbound({ MsgType: 'text', Content: '查询进度', MsgId: '7' })).toMatchObject({ intent: 'query', ticketNo: null });
    expect(inbound({ MsgType: 'text', Content: '查询一下我家楼下路灯为什么不亮', MsgId: '8' }).intent).toBe('appeal');
  });

  it('keys events by sender, second and event name, and creates no order for them', () => {
    const sub = inbound({ MsgType: 'event', Event: 'subscribe' });
    expect(sub).toMatchObject({ intent: 'welcome', message: { mode: 'event', externalId: 'oCitizen123:1700000000:subscribe' } });
    expect(inbound({ MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_GUIDE' })).toMatchObject({
      intent: 'silent',
      message: { content: 'CLICK MENU_GUIDE', externalId: 'oCitizen123:1700000000:CLICK' },
    });
  });

  it('keeps an unknown message type without an order, and refuses pushes missing what identifies them', () => {
    expect(inbound({ MsgType: 'miniprogrampage', MsgId: '9' })).toMatchObject({ intent: 'unsupported', message: { mode: 'event' } });
    expect(code(() => toInbound({ MsgType: 'text', Content: 'x' }, ''))).toBe('WECHAT.BAD_MESSAGE');
    expect(code(() => inbound({ MsgType: 'text', Content: '   ', MsgId: '10' }))).toBe('WECHAT.BAD_MESSAGE');
    expect(code(() => inbound({ MsgType: 'text', Content: 'x', CreateTime: 'yesterday', MsgId: '11' }))).toBe('WECHAT.BAD_MESSAGE');
    expect(code(() => inbound({ MsgType: 'text', Content: 'x', FromUserName: "o'; drop", MsgId: '12' }))).toBe('WECHAT.BAD_MESSAGE');
  });
});

describe('WeChat replies', () => {
  it('answers an appeal with its number, a follow-up with the order it joined', () => {
    expect(composeAnswer('appeal', { kind: 'appeal', ticketNo: '20250101-00000001' }, null)?.content).toContain(
      '您的诉求已受理，工单号 20250101-00000001',
    );
    expect(composeAnswer('appeal', { kind: 'follow_up', ticketNo: '20250101-00000001' }, null)?.content).toBe(
      '已补充到工单 20250101-00000001。',
    );
    expect(composeAnswer('welcome', { kind: 'event', ticketNo: null }, null)?.content).toBe(WECHAT_TEXTS.welcome);
    expect(composeAnswer('silent', { kind: 'event', ticketNo: null }, null)).toBeNull();
  });

  it('tells progress in the city’s time, and says "not found" the same way for others’ orders and missing ones', () => {
    const text = progressText(
      '20250101-00000001',
      { no: '20250101-00000001', stateLabel: '办理中', lastStepLabel: '签收', lastStepAt: new Date('2025-01-02T02:05:00Z') },
      'Asia/Shanghai',
    );
    expect(text).toBe('工单 20250101-00000001 当前状态：办理中。最近进展：2025-01-02 10:05 签收。');
    expect(progressText('20250101-00000009', null, 'Asia/Shanghai')).toBe(WECHAT_TEXTS.notFound('20250101-00000009'));
  });
});

describe('timestamp freshness', () => {
  it('accepts five minutes either way and refuses beyond, as a replay', () => {
    expect(() => checkFresh('1700000300', 1700000000)).not.toThrow();
    expect(() => checkFresh('1699999700', 1700000000)).not.toThrow();
    expect(code(() => checkFresh('1699999699', 1700000000))).toBe('WECHAT.REPLAYED');
    expect(code(() => checkFresh('1700000301', 1700000000))).toBe('WECHAT.REPLAYED');
    expect(code(() => checkFresh('17e8', 1700000000))).toBe('WECHAT.REPLAYED');
  });
});
