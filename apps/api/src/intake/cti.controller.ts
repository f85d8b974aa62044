import { AuthUser } from '@app/identity';
import {
  CallStatsQueryDto,
  CallsService,
  CtiEventDto,
  CtiEventsService,
  MissedCallbackDto,
  MissedCallsQueryDto,
  RegisterFromCallDto,
} from '@app/intake';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ticketsRegistered } from '../metrics/metrics';
import { CtiSignatureGuard } from './webhook-signature.guard';

/** The call-centre switch's door: CTI events, machine to machine, signed. */
@ApiTags('渠道：电话（CTI）')
@Controller('channels/cti')
export class CtiController {
  constructor(private readonly events: CtiEventsService) {}

  /** One call event: offered, queued, answered, abandoned or ended. A redelivered event id is acknowledged and changes nothing. */
  @Public()
  @UseGuards(CtiSignatureGuard)
  @ApiHeader({ name: 'X-CTI-Signature', description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">', required: true })
  @ApiHeader({ name: 'X-CTI-Timestamp', description: 'unix seconds; refused when more than 5 minutes away', required: true })
  @Post('events')
  @HttpCode(200)
  receive(@Body() dto: CtiEventDto, @Req() req: { rawBody?: string }) {
    return this.events.receive(dto, req.rawBody ?? '');
  }
}

/** What agents and supervisors do with calls. */
@ApiTags('渠道：电话（CTI）')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  /** 漏接回拨: missed calls not yet called back, newest first. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Get('missed')
  missed(@Query() q: MissedCallsQueryDto) {
    return this.calls.missed(q);
  }

  /** 接通率 and 15秒应答率 for a period, overall and by line. */
  @Roles('supervisor', 'manager', 'admin')
  @Get('stats')
  stats(@Query() q: CallStatsQueryDto) {
    return this.calls.stats(q);
  }

  @Roles('agent', 'dispatcher', 'supervisor', 'manager')
  @Get(':callId')
  detail(@Param('callId') callId: string) {
    return this.calls.detail(callId);
  }

  /** Records that a missed call was called back. Once per call: the same record again is accepted, another is a 409. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Post(':callId/missed-callback')
  @HttpCode(200)
  missedCallback(@CurrentUser() user: AuthUser, @Param('callId') callId: string, @Body() dto: MissedCallbackDto) {
    return this.calls.recordMissedCallback(user, callId, dto);
  }

  /**
   * 来电登记: the order this call is about, by the agent who answered it (or a supervisor). A call
   * registered before returns its order again, marked `Idempotent-Replayed: true`.
   */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Post(':callId/register')
  async register(
    @CurrentUser() user: AuthUser,
    @Param('callId') callId: string,
    @Body() dto: RegisterFromCallDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { duplicate, ticket } = await this.calls.registerOrder(user, callId, dto);
    if (duplicate) reply.header('idempotent-replayed', 'true');
    else ticketsRegistered.inc({ channel: ticket.channel });
    return ticket;
  }
}
