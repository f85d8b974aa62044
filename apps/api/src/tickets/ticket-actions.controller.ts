import { AuthUser } from '@app/identity';
import {
  ActionDto,
  AmendTicketDto,
  CallbackDto,
  CloseFirstContactDto,
  MergeDto,
  NotAcceptDto,
  OpinionRequiredDto,
  ReasonActionDto,
  ReplyDto,
  TicketsService,
  TransferDto,
  maskedCitizen,
  toTicketView,
} from '@app/tickets';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';

/**
 * One endpoint per lifecycle action. Who may act is decided by the state machine in libs/tickets
 * (409 TICKET.INVALID_TRANSITION with the allowed actions, 403 for a role or unit that may not).
 * Every body carries the order's version; a stale one gets 409 TICKET.STALE_VERSION.
 */
@ApiTags('工单流转')
@ApiBearerAuth()
@Controller('tickets/:id')
export class TicketActionsController {
  constructor(private readonly tickets: TicketsService) {}

  @ApiOperation({ summary: '补全登记信息（派单前）' })
  @Post('amend')
  @HttpCode(200)
  async amend(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: AmendTicketDto) {
    const t = await this.tickets.amend(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '提交派单' })
  @Post('submit')
  @HttpCode(200)
  async submit(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.tickets.submit(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '直接办结' })
  @Post('close-first-contact')
  @HttpCode(200)
  async closeFirstContact(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: CloseFirstContactDto) {
    const t = await this.tickets.closeFirstContact(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '不予受理，告知正确途径' })
  @Post('not-accept')
  @HttpCode(200)
  async notAccept(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: NotAcceptDto) {
    const t = await this.tickets.notAccept(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '转110/119/120/122' })
  @Post('transfer')
  @HttpCode(200)
  async transfer(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: TransferDto) {
    const t = await this.tickets.transfer(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '并单' })
  @Post('merge')
  @HttpCode(200)
  async merge(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: MergeDto) {
    const t = await this.tickets.merge(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '签收' })
  @Post('sign')
  @HttpCode(200)
  async sign(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.tickets.sign(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '记录首次联系诉求人' })
  @Post('record-contact')
  @HttpCode(200)
  async recordContact(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.tickets.recordContact(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '回复' })
  @Post('reply')
  @HttpCode(200)
  async reply(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ReplyDto) {
    const t = await this.tickets.reply(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '审核通过' })
  @Post('accept-reply')
  @HttpCode(200)
  async acceptReply(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.tickets.acceptReply(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '退回重办' })
  @Post('send-back')
  @HttpCode(200)
  async sendBack(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: OpinionRequiredDto) {
    const t = await this.tickets.sendBack(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '回访' })
  @Post('callback')
  @HttpCode(200)
  async recordCallback(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: CallbackDto) {
    const t = await this.tickets.recordCallback(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '办结（不回访）' })
  @Post('close')
  @HttpCode(200)
  async close(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ReasonActionDto) {
    const t = await this.tickets.close(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '归档' })
  @Post('archive')
  @HttpCode(200)
  async archive(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.tickets.archive(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }
}
