export * from './callback-events';
export * from './callbacks.module';
export * from './callback-task.entity';
