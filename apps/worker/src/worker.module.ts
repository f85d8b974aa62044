import { ConfigModule, DatabaseModule, LoggingModule, QueueModule } from '@app/common';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DomainEventsProcessor } from './events/domain-events.processor';
import { RealtimeEmitter } from './events/realtime-emitter';
import { Heartbeat } from './heartbeat.service';
import { JobHandlerCheck } from './job-handler-check';
import { OutboxRelay } from './outbox/outbox-relay.service';

/** Bull processors and the outbox relay; no HTTP. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, QueueModule, DiscoveryModule],
  providers: [OutboxRelay, RealtimeEmitter, DomainEventsProcessor, Heartbeat, JobHandlerCheck],
  exports: [OutboxRelay],
})
export class WorkerModule {}
