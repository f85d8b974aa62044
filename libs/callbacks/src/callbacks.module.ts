import { DispatchModule } from '@app/dispatch';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module, Provider } from '@nestjs/common';
import { CallbackEvents } from './callback-events';
import { CallbackLinksService } from './callback-links.service';
import { CallbackRecorder } from './callback-recorder';
import { CallbackWorkList } from './callback-work-list';
import { CallbacksService } from './callbacks.service';
import { SmsCallbackReplies } from './sms-callback-replies.service';

const PROVIDERS: Provider[] = [
  CallbackEvents,
  CallbackRecorder,
  CallbacksService,
  CallbackWorkList,
  CallbackLinksService,
  SmsCallbackReplies,
];

/** libs/callbacks: callback tasks (回访), their three ways (phone, SMS link or digits, WeChat), outcomes and review. */
@Module({
  imports: [IdentityModule, TicketsModule, DispatchModule, NotificationsModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class CallbacksModule {}
