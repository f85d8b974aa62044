import {
  CallbackAttemptDto,
  CallbackResultDto,
  CallbackReviewDto,
  CallbackTask,
  CallbackWorkList,
  CallbacksService,
  ListCallbacksDto,
} from '@app/callbacks';
import { AuthUser } from '@app/identity';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';

/** What an action answers: the task as it is now (the work list has the whole picture). */
function taskView(t: CallbackTask) {
  return {
    id: t.id,
    ticketId: t.ticketId,
    round: t.round,
    kind: t.kind,
    state: t.state,
    attempts: t.attempts,
    channel: t.channel,
    reached: t.reached,
    refused: t.refused,
    resolved: t.resolved,
    satisfaction: t.satisfaction,
    complaintAbout: t.complaintAbout,
    reason: t.reason,
    completedAt: t.completedAt,
    completedBy: t.completedBy,
    originalSatisfaction: t.originalSatisfaction,
    originalResolved: t.originalResolved,
    reviewedBy: t.reviewedBy,
    reviewedAt: t.reviewedAt,
    reviewReason: t.reviewReason,
  };
}

/**
 * 回访: done by the hotline centre only (agents call back, supervisors review, managers read). Units
 * (handlers) have no callback endpoints at all: they never see who rated them.
 */
@ApiTags('回访')
@ApiBearerAuth()
@Controller('callbacks')
export class CallbacksController {
  constructor(
    private readonly callbacks: CallbacksService,
    private readonly workList: CallbackWorkList,
  ) {}

  @ApiOperation({ summary: '回访工作台：待回访（先到期的在前）/今日到期/已回访/未联系上，含话术、答复、流转记录和诉求人（调阅留痕）' })
  @Roles('agent', 'supervisor', 'manager')
  @Get()
  list(@CurrentUser() u: AuthUser, @Query() q: ListCallbacksDto) {
    return this.workList.list(u, q);
  }

  @ApiOperation({ summary: '一条回访任务' })
  @Roles('agent', 'supervisor', 'manager')
  @Get(':id')
  one(@CurrentUser() u: AuthUser, @Param('id') id: string) {
    return this.workList.one(u, id);
  }

  @ApiOperation({ summary: '记录一次未成功的回访（未接听、占线、号码错误、拒绝评价）' })
  @Roles('agent', 'supervisor')
  @Post(':id/attempts')
  @HttpCode(200)
  async attempt(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: CallbackAttemptDto) {
    return taskView(await this.callbacks.attempt(u, id, dto));
  }

  @ApiOperation({ summary: '电话回访结果（已联系上）：是否解决、满意度、原因；不满意须说明对象' })
  @Roles('agent', 'supervisor')
  @Post(':id/result')
  @HttpCode(200)
  async result(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: CallbackResultDto) {
    return taskView(await this.callbacks.result(u, id, dto));
  }

  @ApiOperation({ summary: '短信回访：向诉求人电话发送一次性评价链接（也可回复数字评价）' })
  @Roles('agent', 'supervisor')
  @Post(':id/sms')
  @HttpCode(200)
  sms(@CurrentUser() u: AuthUser, @Param('id') id: string) {
    return this.callbacks.sendSms(u, id);
  }

  @ApiOperation({ summary: '微信回访：向提出诉求的微信用户发送一次性评价链接（客服消息）' })
  @Roles('agent', 'supervisor')
  @Post(':id/wechat')
  @HttpCode(200)
  wechat(@CurrentUser() u: AuthUser, @Param('id') id: string) {
    return this.callbacks.sendWechat(u, id);
  }

  @ApiOperation({ summary: '回访复核：改判满意度和解决情况，保留原评价，记录理由' })
  @Roles('supervisor')
  @Post(':id/review')
  @HttpCode(200)
  async review(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: CallbackReviewDto) {
    return taskView(await this.callbacks.review(u, id, dto));
  }
}
