import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { KnowledgeSearchService } from './knowledge-search.service';
import { KnowledgeText } from './knowledge-text';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [IdentityModule, TicketsModule, NotificationsModule],
  providers: [KnowledgeText, KnowledgeService, KnowledgeSearchService],
  exports: [KnowledgeText, KnowledgeService, KnowledgeSearchService],
})
export class KnowledgeModule {}
