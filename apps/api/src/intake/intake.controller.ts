import { AuthUser } from '@app/identity';
import {
  AppealReplyDto,
  AppealReplyService,
  BatchDto,
  DUTY_STATUSES,
  DutyStatus,
  FeedImportDto,
  FeedImportService,
  HotlineAdminService,
  HotlineDto,
  HotlinePatchDto,
  IntakeQueryService,
  MailboxImportService,
} from '@app/intake';
import { CHANNELS, Channel, maskedCitizen, toTicketView } from '@app/tickets';
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional } from 'class-validator';
import { CurrentUser, Roles } from '../auth/auth.decorators';

class ChannelQueryDto {
  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
}

class RangeQueryDto {
  @ApiPropertyOptional({ description: '开始时间（含）' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @ApiPropertyOptional({ description: '结束时间（不含）' })
  @Type(() => Date)
  @IsDate()
  to: Date;
}

class DutyQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: DUTY_STATUSES })
  @IsOptional()
  @IsIn(DUTY_STATUSES)
  status?: DutyStatus;
}

/** The centre's side of intake: appeals waiting, response duties, a citizen's messages, imports, figures by line. */
@ApiTags('受理渠道')
@ApiBearerAuth()
@Controller('intake')
export class IntakeController {
  constructor(
    private readonly queries: IntakeQueryService,
    private readonly replies: AppealReplyService,
    private readonly feeds: FeedImportService,
    private readonly mailbox: MailboxImportService,
  ) {}

  @ApiOperation({ summary: '待处理诉求（微信、短信会话，待坐席补全或直接办结）' })
  @Roles('agent', 'dispatcher', 'supervisor')
  @Get('appeals')
  appeals(@Query() q: ChannelQueryDto) {
    return this.queries.openAppeals(q.channel);
  }

  @ApiOperation({ summary: '各渠道响应时限（短信等3分钟、信箱24小时）及超时情况' })
  @Roles('agent', 'dispatcher', 'supervisor', 'manager')
  @Get('duties')
  duties(@Query() q: DutyQueryDto) {
    return this.queries.duties(q);
  }

  @ApiOperation({ summary: '工单的诉求人来信来言（各渠道原文）' })
  @Roles('agent', 'dispatcher', 'supervisor', 'manager')
  @Get('tickets/:id/messages')
  messages(@Param('id') id: string) {
    return this.queries.messages(id);
  }

  @ApiOperation({ summary: '回复诉求人（经原渠道）' })
  @Roles('agent', 'dispatcher', 'supervisor')
  @Post('tickets/:id/reply')
  @HttpCode(200)
  async reply(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: AppealReplyDto) {
    const t = await this.replies.reply(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '外部来源批量导入（舆情、上级交办、110转办、建言献策），逐行返回结果' })
  @Roles('dispatcher', 'supervisor', 'admin')
  @Post('feeds/import')
  @HttpCode(200)
  importFeed(@CurrentUser() u: AuthUser, @Body() dto: FeedImportDto) {
    return this.feeds.import(dto, u.userId);
  }

  @ApiOperation({ summary: '市长信箱来信批量导入，逐行返回结果' })
  @Roles('dispatcher', 'supervisor', 'admin')
  @Post('mailbox/import')
  @HttpCode(200)
  importLetters(@Body() dto: BatchDto) {
    return this.mailbox.import(dto);
  }

  @ApiOperation({ summary: '按热线、渠道统计工单' })
  @Roles('dispatcher', 'supervisor', 'manager', 'admin')
  @Get('stats/hotlines')
  byHotline(@Query() q: RangeQueryDto) {
    return this.queries.byHotline(q);
  }
}

/** 热线归并目录 (the registry of merged and parallel lines). */
@ApiTags('受理渠道')
@ApiBearerAuth()
@Controller('admin/hotlines')
export class HotlineAdminController {
  constructor(private readonly hotlines: HotlineAdminService) {}

  @Roles('admin', 'manager', 'supervisor')
  @Get()
  list() {
    return this.hotlines.list();
  }

  @Roles('admin')
  @Post()
  create(@Body() dto: HotlineDto) {
    return this.hotlines.create(dto);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: HotlinePatchDto) {
    return this.hotlines.update(id, dto);
  }
}
