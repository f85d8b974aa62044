import { ConfigModule, DatabaseModule, LoggingModule, QueueModule } from '@app/common';
import { CallbacksModule } from '@app/callbacks';
import { DispatchModule } from '@app/dispatch';
import { KnowledgeModule } from '@app/knowledge';
import { KpiModule } from '@app/kpi';
import { ReportsModule } from '@app/reports';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DomainEventsProcessor } from './events/domain-events.processor';
import { RealtimeEmitter } from './events/realtime-emitter';
import { Heartbeat } from './heartbeat.service';
import { JobHandlerCheck } from './job-handler-check';
import { KnowledgeStaleNotifier } from './knowledge-stale.notifier';
import { LiveBoardPublisher } from './live-board.publisher';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { ReportJobSweeper, ReportJobsProcessor } from './reports/report-jobs.processor';
import { TimerSweeper, TimersProcessor } from './timers/timers.processor';

/** Bull processors, the outbox relay and the timer sweeper; no HTTP. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    DiscoveryModule,
    DispatchModule,
    KnowledgeModule,
    CallbacksModule,
    KpiModule,
    ReportsModule,
  ],
  providers: [
    OutboxRelay,
    RealtimeEmitter,
    DomainEventsProcessor,
    TimersProcessor,
    TimerSweeper,
    KnowledgeStaleNotifier,
    Heartbeat,
    LiveBoardPublisher,
    JobHandlerCheck,
    ReportJobsProcessor,
    ReportJobSweeper,
  ],
  exports: [OutboxRelay],
})
export class WorkerModule {}
