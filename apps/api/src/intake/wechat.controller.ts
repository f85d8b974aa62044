import { Controller } from '@nestjs/common';

@Controller('channels/wechat')
export class WechatController {}
