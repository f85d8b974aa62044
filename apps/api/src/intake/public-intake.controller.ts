import { SmsCallbackReplies } from '@app/callbacks';
import { MailboxLetterDto, ProgressQueryDto, PublicAppealDto, PublicIntakeService, SmsInboundDto, SmsInboundService } from '@app/intake';
import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { SmsSignatureGuard } from './webhook-signature.guard';

/** The public doors (no login): the web form and the app, the mayor's mailbox, and the progress lookup. */
@ApiTags('公众渠道')
@Controller('public')
export class PublicIntakeController {
  constructor(private readonly intake: PublicIntakeService) {}

  @ApiOperation({ summary: '网站/APP 提交诉求（幂等：同一 submissionId 重复提交返回首次结果）' })
  @Public()
  @Post('appeals')
  submit(@Body() dto: PublicAppealDto, @Ip() ip: string, @Req() req: FastifyRequest) {
    return this.intake.submitAppeal(dto, ip, req.body);
  }

  @ApiOperation({ summary: '凭工单号和电话后四位查询办理进度' })
  @Public()
  @Get('appeals/:no/progress')
  progress(@Param('no') no: string, @Query() q: ProgressQueryDto, @Ip() ip: string) {
    return this.intake.progress(no, q.phoneLast4, ip);
  }

  @ApiOperation({ summary: '市长信箱来信' })
  @Public()
  @Post('mailbox/letters')
  letter(@Body() dto: MailboxLetterDto, @Ip() ip: string, @Req() req: FastifyRequest) {
    return this.intake.receiveLetter(dto, req.body, ip);
  }
}

/** 短信网关上行推送: machine to machine, authenticated by its HMAC signature, not by login. */
@ApiTags('公众渠道')
@Controller('channels/sms')
export class SmsChannelController {
  constructor(
    private readonly sms: SmsInboundService,
    private readonly callbackReplies: SmsCallbackReplies,
  ) {}

  @ApiOperation({
    summary: '短信上行（X-SMS-Timestamp、X-SMS-Signature: sha256=HMAC(secret, timestamp.body)）；回访短信的数字回复记为评价，其余进入受理',
  })
  @Public()
  @UseGuards(SmsSignatureGuard)
  @Post('inbound')
  @HttpCode(200)
  async inbound(@Body() dto: SmsInboundDto, @Req() req: FastifyRequest & { rawBody?: string }) {
    // A digit reply to a callback SMS is a rating, not an appeal; anything else goes to intake.
    return (await this.callbackReplies.tryHandle(dto, req.rawBody ?? '')) ?? this.sms.receive(dto, req.rawBody ?? '');
  }
}
