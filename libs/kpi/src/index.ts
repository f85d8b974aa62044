export * from './kpi-events';
export * from './kpi.module';
