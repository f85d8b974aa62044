import { AuthUser } from '@app/identity';
import {
  CallerHistoryDto,
  InboxDto,
  ListTicketsDto,
  RegisterTicketDto,
  RevealDto,
  TicketQueryService,
  TicketsService,
  plainCitizen,
  toTicketView,
} from '@app/tickets';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ticketsRegistered } from '../metrics/metrics';

@ApiTags('工单')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueryService,
  ) {}

  /** 登记: the order is durable (with its flow record and event) before this answers. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Post()
  async register(@CurrentUser() user: AuthUser, @Body() dto: RegisterTicketDto) {
    const t = await this.tickets.register(dto, user);
    ticketsRegistered.inc({ channel: t.channel });
    // The agent has just typed the caller's details: echoing them back is not a new view.
    return toTicketView(t, plainCitizen(t));
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: ListTicketsDto) {
    return this.queries.list(user, q);
  }

  /** The unit's work tabs with counts: to sign, in progress, due soon, overdue, returned, awaiting my approval. */
  @Get('inbox')
  inbox(@CurrentUser() user: AuthUser, @Query() q: InboxDto) {
    return this.queries.inbox(user, q);
  }

  /** Previous orders from this phone number, for the agent who has the caller on the line. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Get('caller-history')
  callerHistory(@CurrentUser() user: AuthUser, @Query() q: CallerHistoryDto) {
    return this.queries.callerHistory(user, q.phone);
  }

  @Get(':id')
  detail(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.queries.detail(user, id);
  }

  /** Shows the caller of a confidential order to the centre, for its own callback; audited. */
  @Roles('agent', 'supervisor')
  @Post(':id/reveal')
  @HttpCode(200)
  reveal(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: RevealDto) {
    return this.queries.reveal(user, id, dto.purpose);
  }
}
