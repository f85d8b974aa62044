import { IdentityModule } from '@app/identity';
import { KnowledgeModule } from '@app/knowledge';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { AppealReplyService } from './appeal-reply.service';
import { FeedImportService } from './channels/feeds/feed-import.service';
import { MailboxImportService } from './channels/mailbox/mailbox-import.service';
import { OPEN311_PROVIDERS } from './channels/open311';
import { PHONE_PROVIDERS } from './channels/phone';
import { SmsInboundService } from './channels/sms/sms-inbound.service';
import { WECHAT_PROVIDERS } from './channels/wechat';
import { PublicIntakeService } from './channels/web/public-intake.service';
import { DUPLICATE_PROVIDERS } from './duplicates';
import { HotlineAdminService } from './hotline-admin.service';
import { HotlineRegistry } from './hotline-registry';
import { IntakeQueryService } from './intake-query.service';
import { IntakeService } from './intake.service';
import { CAPTCHA_VERIFIER, HttpCaptchaVerifier } from './public/captcha';
import { PublicRateLimiter } from './public/public-rate-limiter';

const PROVIDERS = [
  HotlineRegistry,
  HotlineAdminService,
  IntakeService,
  IntakeQueryService,
  AppealReplyService,
  PublicRateLimiter,
  { provide: CAPTCHA_VERIFIER, useClass: HttpCaptchaVerifier },
  PublicIntakeService,
  MailboxImportService,
  SmsInboundService,
  FeedImportService,
  ...WECHAT_PROVIDERS,
  ...OPEN311_PROVIDERS,
  ...PHONE_PROVIDERS,
  ...DUPLICATE_PROVIDERS,
];

/**
 * libs/intake: one normalised intake model (IntakeRecord, IntakeService) and one adapter per channel
 * under channels/<name>/: web and app, mailbox, SMS, feeds, WeChat, Open311, phone (CTI).
 */
@Module({
  imports: [IdentityModule, TicketsModule, NotificationsModule, KnowledgeModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class IntakeModule {}
