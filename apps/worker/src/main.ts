import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  new Logger('Worker').log('worker started: outbox relay and queue processors running');
}

bootstrap().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
