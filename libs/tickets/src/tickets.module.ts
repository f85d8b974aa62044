import { IdentityModule } from '@app/identity';
import { Module } from '@nestjs/common';
import { AttachmentsService } from './attachments.service';
import { CatalogLookup } from './catalog-lookup';
import { ReferenceService } from './reference.service';
import { RegistrationWriter } from './registration-writer';
import { TicketAccess } from './ticket-access';
import { TicketQueryService } from './ticket-query.service';
import { TicketsService } from './tickets.service';

@Module({
  imports: [IdentityModule],
  providers: [TicketsService, TicketQueryService, TicketAccess, CatalogLookup, AttachmentsService, ReferenceService, RegistrationWriter],
  exports: [TicketsService, TicketQueryService, TicketAccess, CatalogLookup, AttachmentsService, ReferenceService, RegistrationWriter],
})
export class TicketsModule {}
