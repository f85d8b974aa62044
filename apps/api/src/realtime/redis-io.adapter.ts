import { reportUnawaitedFailures, socketIoKey } from '@app/common';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server, ServerOptions } from 'socket.io';

/** socket.io over Redis pub/sub, so that every api instance shares the rooms and the worker's emitter reaches them all. */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger('RedisIoAdapter');
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly prefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    const pub = new Redis(this.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) {
      // The adapter publishes and subscribes without awaiting; a failure is logged, not left unhandled.
      reportUnawaitedFailures(c, (command, e) => this.logger.warn(`redis ${command} failed: ${e.message}`));
      c.on('error', (e) => this.logger.warn(`redis: ${e.message}`));
    }
    this.clients = [pub, sub];
    server.adapter(createAdapter(pub, sub, { key: socketIoKey(this.prefix) }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    for (const c of this.clients) c.disconnect();
  }
}
