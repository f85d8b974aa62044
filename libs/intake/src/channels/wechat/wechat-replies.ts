import type { IntakeKind } from '../../intake.types';
import type { WechatIntent } from './wechat-message';

/** The answer kept with the intake record (so a retried push gets the same words back) and sent as a text reply. */
export interface WechatAnswer {
  msgType: 'text';
  content: string;
}

/** An order's progress as a citizen may see it: no names, no phone numbers, no internal opinions. */
export interface WechatProgress {
  no: string;
  stateLabel: string;
  lastStepLabel: string | null;
  lastStepAt: Date | null;
}

export const WECHAT_TEXTS = {
  welcome:
    '欢迎关注12345政务服务便民热线！直接发送文字、图片、语音或位置即可反映诉求，我们会登记工单并尽快办理；' +
    '发送“查询 工单号”可查询办理进度。紧急情况请拨打110、119、120。',
  unsupported: '暂不支持该类型的消息。请发送文字、图片、语音、视频或位置描述您的诉求。',
  accepted: (no: string) => `您的诉求已受理，工单号 ${no}。我们将尽快办理，发送“查询 ${no}”可了解办理进度。`,
  followUp: (no: string) => `已补充到工单 ${no}。`,
  notFound: (no: string | null) =>
    no ? `未查询到工单 ${no}。只能查询您本人通过本公众号提交的工单，请核对工单号。` : '未查询到您通过本公众号提交的工单。',
};

function formatTime(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function progressText(asked: string | null, p: WechatProgress | null, timeZone: string): string {
  if (!p) return WECHAT_TEXTS.notFound(asked);
  const step = p.lastStepLabel && p.lastStepAt ? `最近进展：${formatTime(p.lastStepAt, timeZone)} ${p.lastStepLabel}。` : '';
  return `工单 ${p.no} 当前状态：${p.stateLabel}。${step}`;
}

/** What to answer, from what was asked and what the intake did with it (IntakeService calls this inside its transaction). */
export function composeAnswer(
  intent: WechatIntent,
  r: { kind: IntakeKind; ticketNo: string | null },
  queryText: string | null,
): WechatAnswer | null {
  const text = (content: string): WechatAnswer => ({ msgType: 'text', content });
  switch (intent) {
    case 'appeal':
      if (!r.ticketNo) return null;
      return text(r.kind === 'follow_up' ? WECHAT_TEXTS.followUp(r.ticketNo) : WECHAT_TEXTS.accepted(r.ticketNo));
    case 'query':
      return queryText === null ? null : text(queryText);
    case 'welcome':
      return text(WECHAT_TEXTS.welcome);
    case 'unsupported':
      return text(WECHAT_TEXTS.unsupported);
    case 'silent':
      return null;
  }
}
