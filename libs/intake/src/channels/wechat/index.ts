import { Provider } from '@nestjs/common';
import { WechatService } from './wechat.service';

export { WechatCrypto, WechatCryptoError, wechatSignature } from './wechat-crypto';
export { WECHAT_MAX_SKEW_SECONDS, WechatService } from './wechat.service';
export type { WechatHttpReply, WechatQuery } from './wechat.service';

/** The providers of this channel's adapter; IntakeModule registers and exports them. */
export const WECHAT_PROVIDERS: Provider[] = [WechatService];
