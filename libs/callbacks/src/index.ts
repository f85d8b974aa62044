export * from './callback-events';
export * from './callbacks.module';
