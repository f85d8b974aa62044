/** Vocabulary of the work order (工单). Labels are what users see. */

export const TICKET_STATES = [
  'registered', // 已登记: an agent has it; not yet decided
  'pending_review', // 待审核: 办不成事 orders are reviewed and confirmed before dispatch
  'to_dispatch', // 待派单
  'dispatched', // 待签收
  'return_requested', // 退单待审
  'in_progress', // 办理中
  'extension_requested', // 延期待审
  'replied', // 已回复，待审核
  'callback_pending', // 待回访
  'closed', // 已办结
  'merged', // 已并单: follows its parent
  'archived', // 已归档
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const STATE_LABELS: Record<TicketState, string> = {
  registered: '已登记',
  pending_review: '待审核',
  to_dispatch: '待派单',
  dispatched: '待签收',
  return_requested: '退单待审',
  in_progress: '办理中',
  extension_requested: '延期待审',
  replied: '已回复待审核',
  callback_pending: '待回访',
  closed: '已办结',
  merged: '已并单',
  archived: '已归档',
};

/** States in which a unit holds the order and its deadline runs. */
export const HANDLING_STATES: readonly TicketState[] = ['dispatched', 'return_requested', 'in_progress', 'extension_requested'];
/** States that are finished for good (an order in them is not "open"). */
export const FINAL_STATES: readonly TicketState[] = ['closed', 'merged', 'archived'];

export const APPEAL_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise', 'cannot_do', 'other'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];
export const APPEAL_TYPE_LABELS: Record<AppealType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
  cannot_do: '办不成事',
  other: '其他',
};

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急', critical: '特急' };

export const CHANNELS = [
  'phone',
  'mailbox',
  'wechat',
  'web',
  'app',
  'sms',
  'suggestion',
  'opinion',
  'upper_level',
  'transfer_110',
  'open311',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '电话',
  mailbox: '市长信箱',
  wechat: '微信',
  web: '网站',
  app: 'APP',
  sms: '短信',
  suggestion: '建言献策',
  opinion: '舆情',
  upper_level: '上级交办',
  transfer_110: '110转办',
  open311: 'Open311',
};

export const RESULTS = ['resolved', 'partly', 'unresolved'] as const;
export type HandlingResult = (typeof RESULTS)[number];
export const RESULT_LABELS: Record<HandlingResult, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' };

export const SATISFACTION_LEVELS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

export const CLOSURE_KINDS = ['first_contact', 'not_accepted', 'transferred', 'handled', 'closed_by_supervisor', 'child_done'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

export const TRANSFER_TARGETS = ['110', '119', '120', '122'] as const;
export type TransferTarget = (typeof TRANSFER_TARGETS)[number];
