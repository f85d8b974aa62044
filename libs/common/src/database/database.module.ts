import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      // Query errors reach the caller as exceptions and are logged there once; tests keep quiet.
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.DATABASE_URL, { logging: config.NODE_ENV === 'test' ? false : ['error'] }),
    }),
  ],
})
export class DatabaseModule {}
