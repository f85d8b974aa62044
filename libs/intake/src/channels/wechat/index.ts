import { Provider } from '@nestjs/common';

/** The providers of this channel's adapter; IntakeModule registers and exports them. */
export const WECHAT_PROVIDERS: Provider[] = [];
