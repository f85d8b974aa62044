import { AppConfig } from '@app/common';
import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';
import { SMS_GATEWAY, smsGatewayFor } from './sms-gateway';

@Module({
  providers: [NotificationsService, { provide: SMS_GATEWAY, inject: [AppConfig], useFactory: (c: AppConfig) => smsGatewayFor(c) }],
  exports: [NotificationsService, SMS_GATEWAY],
})
export class NotificationsModule {}
