export * from './kpi-events';
export * from './kpi.module';
export * from './live/live-board.service';
