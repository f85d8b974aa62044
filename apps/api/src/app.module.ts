import { AppConfig, ConfigModule, DatabaseModule, LoggingModule, QueueModule } from '@app/common';
import { DispatchModule } from '@app/dispatch';
import { IdentityModule } from '@app/identity';
import { KnowledgeModule } from '@app/knowledge';
import { KpiModule } from '@app/kpi';
import { NotificationsModule } from '@app/notifications';
import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { ReferenceController } from './catalog/reference.controller';
import { DispatchActionsController } from './dispatch/dispatch-actions.controller';
import { DispatchAdminController } from './dispatch/dispatch-admin.controller';
import { KnowledgeController, PublicKnowledgeController, TicketKnowledgeController } from './knowledge/knowledge.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { CallbacksApiModule } from './callbacks/callbacks-api.module';
import { IntakeApiModule } from './intake/intake-api.module';
import { KpiApiModule } from './kpi/kpi-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { HealthController } from './health/health.controller';
import { HEALTH_REDIS } from './health/health.tokens';
import { MetricsController } from './metrics/metrics.controller';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { AttachmentsController } from './tickets/attachments.controller';
import { TicketActionsController } from './tickets/ticket-actions.controller';
import { TicketsController } from './tickets/tickets.controller';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [{ ttl: config.LOGIN_WINDOW_SECONDS * 1000, limit: config.LOGIN_IP_LIMIT }],
    }),
    TerminusModule,
    IdentityModule,
    TicketsModule,
    DispatchModule,
    NotificationsModule,
    KnowledgeModule,
    KpiModule,
    IntakeApiModule,
    CallbacksApiModule,
    KpiApiModule,
    ReportsApiModule,
  ],
  controllers: [
    AuthController,
    ReferenceController,
    TicketsController,
    TicketActionsController,
    DispatchActionsController,
    DispatchAdminController,
    NotificationsController,
    KnowledgeController,
    TicketKnowledgeController,
    PublicKnowledgeController,
    AttachmentsController,
    HealthController,
    MetricsController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    RealtimeGateway,
    {
      provide: HEALTH_REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const r = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
        r.on('error', () => undefined); // health reports it; no log flood while Redis is down
        return r;
      },
    },
  ],
})
export class AppModule {}
