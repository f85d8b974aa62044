import { AppConfig, DomainEventPayload, reportUnawaitedFailures, rooms, socketIoKey } from '@app/common';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';

/** The worker's way to reach browsers: through Redis to every api instance's socket.io, never by importing the gateway. */
@Injectable()
export class RealtimeEmitter implements OnModuleDestroy {
  private readonly logger = new Logger('RealtimeEmitter');
  private readonly redis: Redis;
  private readonly emitter: Emitter;

  constructor(config: AppConfig) {
    this.redis = reportUnawaitedFailures(new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 }), (command, e) =>
      this.logger.warn(`redis ${command} failed: ${e.message}`),
    );
    this.redis.on('error', (e) => this.logger.warn(`redis: ${e.message}`));
    this.emitter = new Emitter(this.redis, { key: socketIoKey(config.REDIS_PREFIX) });
  }

  /**
   * Sends an event to the rooms its audience names, and to no other. Resolves once Redis took the
   * message, so a job is only done when its event really left (the emitter itself does not wait).
   */
  async toAudience(event: string, payload: DomainEventPayload): Promise<void> {
    const { audience, data } = payload;
    const targets = [
      ...audience.unitIds.map(rooms.unit),
      ...(audience.userIds ?? []).map(rooms.user),
      ...(audience.ticketId ? [rooms.ticket(audience.ticketId)] : []),
    ];
    if (targets.length === 0) return;
    if (this.redis.status !== 'ready') throw new Error(`redis is ${this.redis.status}; event ${event} will be retried`);
    this.emitter.to(targets).emit(event, { ...data, occurredAt: payload.occurredAt });
  }

  /** Sends an event to one named room (the live board). */
  async toRoom(room: string, event: string, data: unknown): Promise<void> {
    if (this.redis.status !== 'ready') throw new Error(`redis is ${this.redis.status}; ${event} not sent`);
    this.emitter.to(room).emit(event, data);
  }

  /** An emit still in flight fails into the logger (reportUnawaitedFailures), not into an unhandled rejection. */
  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
