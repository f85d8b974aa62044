import 'reflect-metadata';
import { AppConfig, loadConfig } from '@app/common';
import { createApiApp } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createApiApp(loadConfig().HTTP_ADAPTER);
  const config = app.get(AppConfig);
  await app.listen(config.PORT, '0.0.0.0');
  const base = `http://localhost:${config.PORT}`;
  console.log(`api listening on ${base} (OpenAPI ${base}/api/docs, health ${base}/health)`);
}

bootstrap().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
