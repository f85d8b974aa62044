export const TICKET_ACTIONS = [
  'submit', 'confirm', 'close_first_contact', 'not_accept', 'transfer', 'merge',
  'dispatch', 'sign', 'record_contact', 'request_return', 'approve_return', 'refuse_return',
  'request_extension', 'approve_extension', 'refuse_extension', 'sub_dispatch',
  'reply', 'accept_reply', 'send_back', 'record_callback', 'close', 'reopen', 'archive',
  'urge', 'supervise',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** What a flow record may say: every action, plus the steps the system records on its own. */
export type FlowAction = TicketAction | 'register' | 'child_closed';

export const ACTION_LABELS: Record<FlowAction, string> = {
  register: '登记',
  child_closed: '下派工单办结',
  submit: '提交派单',
  confirm: '审核确认',
  close_first_contact: '直接办结',
  not_accept: '不予受理',
  transfer: '转110/119/120/122',
  merge: '并单',
  dispatch: '派单',
  sign: '签收',
  record_contact: '联系诉求人',
  request_return: '申请退单',
  approve_return: '同意退单',
  refuse_return: '驳回退单',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  refuse_extension: '驳回延期',
  sub_dispatch: '下派',
  reply: '回复',
  accept_reply: '审核通过',
  send_back: '退回重办',
  record_callback: '回访',
  close: '办结',
  reopen: '重办',
  archive: '归档',
  urge: '催办',
  supervise: '督办',
};
