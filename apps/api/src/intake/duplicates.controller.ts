import { AuthUser } from '@app/identity';
import { DuplicateDraftDto, DuplicateFinder, DuplicateQueryDto } from '@app/intake';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';

/**
 * 重复件提示: likely duplicates among open orders, each with its reasons, for the centre deciding on
 * 并单 (POST /tickets/:id/merge). No route here is shadowed by a `tickets/:id` one: the draft route is a
 * POST on one segment (no other POST has that shape), the order's route has a static last segment.
 */
@ApiTags('工单')
@ApiBearerAuth()
@Controller('tickets')
export class DuplicatesController {
  constructor(private readonly finder: DuplicateFinder) {}

  /** For the order being registered: whatever of it is filled in so far. A query, so 200 and not 201. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Post('duplicate-suggestions')
  @HttpCode(200)
  forDraft(@CurrentUser() user: AuthUser, @Body() draft: DuplicateDraftDto, @Query() q: DuplicateQueryDto) {
    return this.finder.forDraft(user, draft, q.limit);
  }

  /** For a registered order: other open orders, not itself nor its own parent or children. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Get(':id/duplicate-suggestions')
  forTicket(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() q: DuplicateQueryDto) {
    return this.finder.forTicket(user, id, q.limit);
  }
}
