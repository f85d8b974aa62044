export * from './notification.entity';
export * from './notifications.module';
export * from './notifications.service';
export * from './sms-gateway';
export * from './sms-message.entity';
