import { DispatchModule } from '@app/dispatch';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module, Provider } from '@nestjs/common';
import { CallbackEvents } from './callback-events';

const PROVIDERS: Provider[] = [CallbackEvents];

/** libs/callbacks: callback tasks (回访), their three ways (phone, SMS link or digits, WeChat), outcomes and review. */
@Module({
  imports: [IdentityModule, TicketsModule, DispatchModule, NotificationsModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class CallbacksModule {}
