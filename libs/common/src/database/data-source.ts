import 'reflect-metadata';
import { join } from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';

/** The repository root in source (ts-node, jest) and the dist root when compiled: both have libs/ and migrations/. */
const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The one place the database connection is described, for the app, the worker, the tests and the
 * TypeORM CLI. The schema changes only through migrations: synchronize is off everywhere.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(ROOT, 'libs', '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(ROOT, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: 20, application_name: 'hotline' },
    ...extra,
  } as DataSourceOptions;
}

// Used by the TypeORM CLI (migration:generate / migration:run); the only other reader of the
// environment is libs/common/src/config.
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline'));
