import type { CallbackKind } from './callback-task.entity';

/** What the texts say about an order. */
export interface OrderForText {
  no: string;
  title: string;
  replyText: string | null;
  receivedAt: Date;
  unitName: string | null;
  confidential: boolean;
  anonymous: boolean;
}

function clip(s: string | null, max: number): string {
  const chars = [...(s ?? '').replace(/\s+/g, ' ').trim()];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}

/** 11月22日, in city time. */
export function cityDate(at: Date, timeZone: string): string {
  // Parts, not format(): a Node built without full ICU formats zh-CN as 11/22.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('month')}月${part('day')}日`;
}

/** 2026年11月22日 17:30, in city time. */
export function cityDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}年${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}

/** 回访话术: what the callback agent says, built from the order. Read aloud, so short sentences. */
export function callbackScript(o: OrderForText, kind: CallbackKind, round: number, timeZone: string): string {
  const lines: string[] = [];
  if (o.confidential || o.anonymous) {
    lines.push(
      `【${o.anonymous ? '匿名件' : '保密件'}】由热线中心回访；不得向承办单位或他人透露诉求人信息${o.anonymous ? '；不要询问姓名' : ''}。`,
    );
  }
  lines.push('您好，我是12345政务服务便民热线的回访员。');
  const when = cityDate(o.receivedAt, timeZone);
  const reply = clip(o.replyText, 120).replace(/[。.]$/, '') || '（无答复内容）';
  if (kind === 'sample') {
    lines.push(`您在${when}反映的“${clip(o.title, 40)}”（工单号${o.no}），热线当时答复您：“${reply}”。`);
    lines.push('想跟您核实一下：这个答复解决您的问题了吗？是已解决、部分解决，还是未解决？');
  } else {
    const unit = o.unitName ?? '承办单位';
    const again = round > 0 ? `经第${round + 1}次办理，` : '';
    lines.push(`您在${when}反映的“${clip(o.title, 40)}”（工单号${o.no}），${again}${unit}已办理并答复：“${reply}”。`);
    lines.push('想跟您核实一下：您反映的问题解决了吗？是已解决、部分解决，还是未解决？');
  }
  lines.push('您对办理结果的评价是：非常满意、满意、基本满意、不满意，还是非常不满意？');
  lines.push('（如不满意）请问您主要是对办理过程和结果不满意，还是对相关政策规定不满意？能说一下原因吗？');
  lines.push('感谢您对12345热线工作的支持，再见。');
  return lines.join('\n');
}

/** The callback SMS: the digits and the one-time link. The gateway prefixes 【12345】 and the title. */
export function smsInvitation(o: OrderForText, url: string, ttlHours: number): { title: string; body: string } {
  return {
    title: `工单${o.no}回访`,
    body:
      `您反映的“${clip(o.title, 20)}”已办理（答复：${clip(o.replyText, 40)}）。` +
      `请回复数字评价：1非常满意 2满意 3基本满意 4不满意 5非常不满意；` +
      `或打开 ${url} 评价（${ttlHours}小时内有效）。`,
  };
}

/** The WeChat customer-service message: the one-time link (a WeChat reply is not read as a rating). */
export function wechatInvitation(o: OrderForText, url: string, ttlHours: number): string {
  return (
    `您好，您通过12345反映的“${clip(o.title, 30)}”（工单号${o.no}）已办理完毕，答复：${clip(o.replyText, 80)}。` +
    `请点击链接评价办理结果：${url}（${ttlHours}小时内有效）。感谢您的支持！`
  );
}
