import { KnowledgeService } from '@app/knowledge';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

const EVERY_MS = 6 * 3600_000;

/** Tells owner units, a few times a day, which of their entries are overdue for review (each entry once until reviewed). */
@Injectable()
export class KnowledgeStaleNotifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KnowledgeStale');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly knowledge: KnowledgeService) {}

  onApplicationBootstrap(): void {
    const run = () =>
      this.knowledge
        .notifyStale()
        .then((n) => n && this.logger.log(`flagged ${n} entries overdue for review`))
        .catch((e) => this.logger.warn(`stale check: ${(e as Error).message}`));
    this.timer = setInterval(run, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
