import { AppConfig, rooms } from '@app/common';
import { LiveBoardService } from '@app/kpi';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RealtimeEmitter } from './events/realtime-emitter';

/**
 * Every LIVE_BOARD_MS, the floor's figures go to the board room on every api instance. A failed round
 * (database or Redis away) is logged and the next one tries again: the board shows the last figures.
 */
@Injectable()
export class LiveBoardPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveBoard');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly board: LiveBoardService,
    private readonly realtime: RealtimeEmitter,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.publish(), this.config.LIVE_BOARD_MS);
  }

  /** Stopped at the first step of shutdown, so no new round starts while the connections close. */
  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async publish(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.realtime.toRoom(rooms.board, 'board.figures', await this.board.figures());
    } catch (e) {
      this.logger.warn(`live board not sent: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
