import { AuthUser } from '@app/identity';
import { ApproveReturnDto, CoReplyDto, DispatchService, InspectDto, SuperviseDto } from '@app/dispatch';
import {
  ActionDto,
  DispatchDto,
  OpinionRequiredDto,
  ReasonActionDto,
  RequestExtensionDto,
  RequestReturnDto,
  SubDispatchDto,
  maskedCitizen,
  toTicketView,
} from '@app/tickets';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';

/** The dispatch workflow's actions (libs/dispatch): dispatch, returns, extensions, supervision, co-handling. */
@ApiTags('派单与督办')
@ApiBearerAuth()
@Controller('tickets/:id')
export class DispatchActionsController {
  constructor(private readonly workflow: DispatchService) {}

  @ApiOperation({ summary: '审核确认（办不成事，自动生成督办单）' })
  @Post('confirm')
  @HttpCode(200)
  async confirm(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.workflow.confirm(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '派单' })
  @Post('dispatch')
  @HttpCode(200)
  async dispatch(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: DispatchDto) {
    const t = await this.workflow.dispatch(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '下派' })
  @Post('sub-dispatch')
  @HttpCode(200)
  async subDispatch(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: SubDispatchDto) {
    const t = await this.workflow.subDispatch(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '申请退单' })
  @Post('request-return')
  @HttpCode(200)
  async requestReturn(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: RequestReturnDto) {
    const t = await this.workflow.requestReturn(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '同意退单（可直接改派）' })
  @Post('approve-return')
  @HttpCode(200)
  async approveReturn(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ApproveReturnDto) {
    const t = await this.workflow.approveReturn(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '驳回退单' })
  @Post('refuse-return')
  @HttpCode(200)
  async refuseReturn(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: OpinionRequiredDto) {
    const t = await this.workflow.refuseReturn(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '申请延期' })
  @Post('request-extension')
  @HttpCode(200)
  async requestExtension(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: RequestExtensionDto) {
    const t = await this.workflow.requestExtension(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '同意延期' })
  @Post('approve-extension')
  @HttpCode(200)
  async approveExtension(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ActionDto) {
    const t = await this.workflow.approveExtension(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '驳回延期' })
  @Post('refuse-extension')
  @HttpCode(200)
  async refuseExtension(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: OpinionRequiredDto) {
    const t = await this.workflow.refuseExtension(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '重办' })
  @Post('reopen')
  @HttpCode(200)
  async reopen(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: ReasonActionDto) {
    const t = await this.workflow.reopen(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '催办' })
  @Post('urge')
  @HttpCode(200)
  async urge(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: OpinionRequiredDto) {
    const t = await this.workflow.urge(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '督办' })
  @Post('supervise')
  @HttpCode(200)
  async supervise(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: SuperviseDto) {
    const t = await this.workflow.supervise(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '监督检查（办不成事）' })
  @Post('inspect')
  @HttpCode(200)
  async inspect(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: InspectDto) {
    const t = await this.workflow.inspect(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }

  @ApiOperation({ summary: '协办答复' })
  @Post('co-reply')
  @HttpCode(200)
  async coReply(@CurrentUser() u: AuthUser, @Param('id') id: string, @Body() dto: CoReplyDto) {
    const t = await this.workflow.coReply(u, id, dto);
    return toTicketView(t, maskedCitizen(t));
  }
}
