import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';
import { RecordingSmsGateway, SMS_GATEWAY } from './sms-gateway';

@Module({
  providers: [NotificationsService, { provide: SMS_GATEWAY, useClass: RecordingSmsGateway }],
  exports: [NotificationsService, SMS_GATEWAY],
})
export class NotificationsModule {}
