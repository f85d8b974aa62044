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

/**
 * Matters outside 12345's scope (DOMAIN.md): closed as not accepted, telling the citizen the right path.
 * The path is what the citizen hears or reads; keep it concrete.
 */
export const OUT_OF_SCOPE = {
  litigation: { label: '诉讼', path: '属于司法诉讼事项，请依法向有管辖权的人民法院提起诉讼，或拨打12368诉讼服务热线咨询。' },
  arbitration: { label: '仲裁', path: '属于仲裁事项，劳动人事争议请向劳动人事争议仲裁委员会申请仲裁，合同纠纷请按约定向仲裁委员会申请。' },
  discipline: { label: '纪检监察', path: '属于纪检监察事项，请向纪委监委信访举报，或拨打12388举报电话。' },
  admin_review: { label: '行政复议', path: '属于行政复议事项，请在法定期限内向行政复议机关（一般为本级人民政府）提出行政复议申请。' },
  info_disclosure: {
    label: '政府信息公开',
    path: '属于政府信息公开申请，请通过相关行政机关的政府信息公开申请渠道（网站、信函或当面）提出。',
  },
  petition: { label: '信访', path: '该事项已进入信访程序，请向受理的信访部门了解办理进展，不再重复受理。' },
  secrets: { label: '涉密事项', path: '涉及国家秘密或商业秘密，热线不予受理，请向有关主管机关依法反映。' },
  privacy: { label: '他人隐私', path: '涉及他人隐私的查询热线不予受理；如权益受侵害，可向公安机关报案或依法提起诉讼。' },
} as const;
export type OutOfScope = keyof typeof OUT_OF_SCOPE;
export const OUT_OF_SCOPE_CODES = Object.keys(OUT_OF_SCOPE) as OutOfScope[];
