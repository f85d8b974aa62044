import { DomainError, badRequest, forbidden } from '@app/common';

/** The WeChat channel's refusals. WeChat itself only sees a non-200 and retries; the codes are for the operators' logs and tests. */
export const wechatErrors = {
  notConfigured: () => new DomainError('WECHAT.NOT_CONFIGURED', '微信公众号渠道未配置（缺少 Token、EncodingAESKey 或 AppID）', 503),
  missingSignature: () => new DomainError('WECHAT.MISSING_SIGNATURE', '缺少微信签名参数（signature/msg_signature、timestamp、nonce）', 401),
  badSignature: () => new DomainError('WECHAT.BAD_SIGNATURE', '微信签名校验失败', 401),
  replayed: (skewSeconds: number) =>
    forbidden('WECHAT.REPLAYED', '消息时间戳与服务器时间相差超过 5 分钟，按重放请求拒绝', { maxSkewSeconds: skewSeconds }),
  badXml: (reason: string) => badRequest('WECHAT.BAD_XML', '消息不是合法的微信 XML（不允许 DTD 和实体声明）', { reason }),
  badMessage: (reason: string) => badRequest('WECHAT.BAD_MESSAGE', '微信消息缺少必要字段或字段无效', { reason }),
  badCiphertext: (reason: string) => badRequest('WECHAT.BAD_CIPHERTEXT', '微信加密消息无法解密', { reason }),
  appIdMismatch: () => forbidden('WECHAT.APPID_MISMATCH', '加密消息不属于本公众号（AppID 不符）'),
};
