import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { OPEN311_PROVIDERS } from './channels/open311';
import { PHONE_PROVIDERS } from './channels/phone';
import { WECHAT_PROVIDERS } from './channels/wechat';
import { DUPLICATE_PROVIDERS } from './duplicates';
import { HotlineRegistry } from './hotline-registry';
import { IntakeService } from './intake.service';

/**
 * libs/intake: one normalised intake model (IntakeRecord, IntakeService) and one adapter per channel
 * under channels/<name>/. Adapters register their providers here.
 */
@Module({
  imports: [IdentityModule, TicketsModule, NotificationsModule],
  providers: [HotlineRegistry, IntakeService, ...WECHAT_PROVIDERS, ...OPEN311_PROVIDERS, ...PHONE_PROVIDERS, ...DUPLICATE_PROVIDERS],
  exports: [HotlineRegistry, IntakeService, ...WECHAT_PROVIDERS, ...OPEN311_PROVIDERS, ...PHONE_PROVIDERS, ...DUPLICATE_PROVIDERS],
})
export class IntakeModule {}
