import { badRequest } from '@app/common';
import { AuthUser } from '@app/identity';
import {
  AnswerWithEntryDto,
  EntryDto,
  GapDto,
  ImportDto,
  KnowledgeSearchService,
  KnowledgeService,
  KnowledgeText,
  SearchDto,
  SuggestDto,
  importEntries,
  parseImport,
} from '@app/knowledge';
import { maskedCitizen, toTicketView } from '@app/tickets';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';

@ApiTags('知识库')
@ApiBearerAuth()
@Controller('knowledge')
export class KnowledgeController {
  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly searching: KnowledgeSearchService,
    private readonly text: KnowledgeText,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Search for agents: expired entries hidden unless asked for, internal notes included in the entry view. */
  @Get('search')
  search(@Query() q: SearchDto) {
    return this.searching.search(q, 'agent');
  }

  /** Suggestions while registering an order; with ticketId, finding nothing records a knowledge gap. */
  @Roles('agent', 'dispatcher', 'supervisor')
  @Post('suggest')
  @HttpCode(200)
  suggest(@CurrentUser() user: AuthUser, @Body() d: SuggestDto) {
    return this.searching.suggest(user, d);
  }

  @Get('entries')
  @Roles('knowledge_admin', 'admin', 'handler', 'supervisor', 'manager')
  list(@Query('status') status?: string, @Query('ownerUnitId') ownerUnitId?: string, @Query('stale') stale?: string) {
    return this.knowledge.list({ status, ownerUnitId: ownerUnitId ? Number(ownerUnitId) : undefined, stale: stale === 'true' });
  }

  @Get('entries/:id')
  view(@Param('id') id: string) {
    return this.searching.view(id, 'agent');
  }

  @Get('entries/:id/versions')
  versions(@Param('id') id: string) {
    return this.knowledge.versions(id);
  }

  @Roles('handler', 'knowledge_admin')
  @Post('entries')
  create(@CurrentUser() user: AuthUser, @Body() d: EntryDto) {
    return this.knowledge.create(user, d);
  }

  @Roles('handler', 'knowledge_admin')
  @Put('entries/:id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() d: EntryDto) {
    return this.knowledge.update(user, id, d);
  }

  /** Review and publish: knowledge administrators only (403 KNOWLEDGE.PUBLISH_NOT_ALLOWED for anyone else). */
  @Post('entries/:id/publish')
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.knowledge.publish(user, id);
  }

  @Post('entries/:id/archive')
  @HttpCode(200)
  archive(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.knowledge.archive(user, id);
  }

  @Roles('handler', 'knowledge_admin')
  @Post('entries/:id/reviewed')
  @HttpCode(200)
  reviewed(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.knowledge.markReviewed(user, id);
  }

  @Roles('agent', 'dispatcher', 'supervisor')
  @Post('gaps')
  gap(@CurrentUser() user: AuthUser, @Body() d: GapDto) {
    return this.searching.recordGap(user, d);
  }

  /** The week's top unanswered topics (week = its first day, YYYY-MM-DD; default the last 7 days). */
  @Roles('knowledge_admin', 'admin', 'supervisor', 'manager', 'handler')
  @Get('gaps/weekly')
  weekly(@Query('from') from?: string) {
    if (from && !/^\d{4}-\d{2}-\d{2}$/.test(from)) throw badRequest('REQUEST.INVALID_RANGE', '日期须为 YYYY-MM-DD');
    return this.searching.weeklyGaps(from ? new Date(`${from}T00:00:00+08:00`) : new Date(Date.now() - 7 * 86_400_000));
  }

  /** Import policy documents and Q&A from JSON or CSV; idempotent, with a result per row. */
  @Roles('knowledge_admin')
  @Post('import')
  @HttpCode(200)
  async import(@CurrentUser() user: AuthUser, @Body() d: ImportDto) {
    let rows;
    try {
      rows = parseImport(d.format, d.content);
    } catch (e) {
      throw badRequest('IMPORT.UNREADABLE', `文件无法解析：${(e as Error).message}`);
    }
    return importEntries(this.dataSource, this.text, rows, user.userId);
  }
}

/** 直接办结 with a knowledge entry as the answer, from the registration screen. */
@ApiTags('知识库')
@ApiBearerAuth()
@Controller('tickets/:id')
export class TicketKnowledgeController {
  constructor(private readonly searching: KnowledgeSearchService) {}

  @Roles('agent', 'dispatcher', 'supervisor')
  @Post('answer-with-knowledge')
  @HttpCode(200)
  async answer(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() d: AnswerWithEntryDto) {
    const t = await this.searching.answerWithEntry(user, id, d);
    return toTicketView(t, maskedCitizen(t));
  }
}

/** The public Q&A (看、问、办): published, current entries only, without internal notes. No login. */
@ApiTags('公开问答')
@Controller('public/knowledge')
export class PublicKnowledgeController {
  constructor(private readonly searching: KnowledgeSearchService) {}

  @Public()
  @Get('search')
  search(@Query() q: SearchDto) {
    return this.searching.search({ ...q, includeExpired: false }, 'public');
  }

  @Public()
  @Get('entries/:id')
  entry(@Param('id') id: string) {
    return this.searching.view(id, 'public');
  }
}
