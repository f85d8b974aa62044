import { DomainError, conflict, forbidden, notFound, unprocessable } from '@app/common';

/** Every refusal of the callback workflow, with its stable code. Nothing is recorded when one is thrown. */
export const callbackErrors = {
  notFound: () => notFound('CALLBACK.NOT_FOUND', '回访任务不存在'),
  /** The task is already done, unreached or cancelled: a second rating is refused. */
  notPending: (state: string) =>
    conflict('CALLBACK.NOT_PENDING', state === 'cancelled' ? '该回访已取消，不能再记录' : '该回访已有结果，不能重复记录', { state }),
  /** The order is not waiting for this callback (closed otherwise, reopened, or moved on). */
  orderNotAwaiting: (orderState: string | null) =>
    conflict('CALLBACK.ORDER_NOT_AWAITING', '工单当前不在待回访状态，不能记录回访', { orderState }),
  complaintAboutRequired: () =>
    new DomainError('CALLBACK.COMPLAINT_ABOUT_REQUIRED', '不满意时须记录不满意的对象（办理结果、政策或其他）', 400),
  noPhone: () => unprocessable('CALLBACK.NO_PHONE', '该工单没有诉求人电话（匿名诉求），不能电话或短信回访'),
  noWechat: () => unprocessable('CALLBACK.NO_WECHAT', '该工单不是通过微信受理的，无法发送微信回访消息'),
  notReviewable: (state: string) => conflict('CALLBACK.NOT_REVIEWABLE', '只有已联系上并作出评价的回访可以复核', { state }),
  tokenInvalid: () => notFound('CALLBACK.TOKEN_INVALID', '回访链接无效，请核对短信或微信消息中的链接'),
  tokenUsed: () => conflict('CALLBACK.TOKEN_USED', '该回访已完成评价，链接不能重复使用，感谢您的参与'),
  tokenExpired: () => new DomainError('CALLBACK.TOKEN_EXPIRED', '回访链接已过期，如需评价请致电12345', 410),
  notForThisNumber: () => forbidden('CALLBACK.NOT_FOR_THIS_NUMBER', '本号码没有待评价的短信回访；只有诉求人本人的号码可以回复评价'),
  replyUnclear: () =>
    new DomainError('CALLBACK.REPLY_UNCLEAR', '未能识别您的评价，请只回复一个数字：1非常满意 2满意 3基本满意 4不满意 5非常不满意', 422),
  invalidRating: (message: string, field: string) => new DomainError('CALLBACK.INVALID_RATING', message, 400, { field }),
};
