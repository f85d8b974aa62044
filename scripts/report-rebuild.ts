/**
 * `npm run report:rebuild [-- --check]`: recomputes the hotspot report's rollups from the raw orders —
 * report_daily with its monthly projections (set-based SQL) and the keyword term rollup (jieba over every
 * order's text, streamed). --check recounts report_daily from the orders instead and prints the cells
 * that differ (exit 1 when some do). The rebuild locks the report tables while it runs: order events
 * wait, then apply on top of the rebuilt state.
 */
import 'reflect-metadata';
import { AppConfig, ConfigModule, DatabaseModule } from '@app/common';
import { rebuildReportRollup, rebuildTermRollup, recountReportRollup } from '@app/reports';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Module({ imports: [ConfigModule, DatabaseModule] })
class RebuildModule {}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  for (const a of args) if (!['--check', '--skip-terms'].includes(a)) throw new Error(`unknown option ${a} (use --check or --skip-terms)`);
  process.env.JWT_SECRET ??= 'report-rebuild-signs-no-tokens-000000000';
  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  const log = (l: string) => console.log(`[report:rebuild] ${l}`);
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const timezone = app.get(AppConfig).CITY_TIMEZONE;
    if (args.includes('--check')) {
      const diffs = await recountReportRollup(ds, timezone);
      console.log(`report_daily cells that differ from a recount of the orders: ${diffs.length}`);
      for (const d of diffs.slice(0, 20)) console.log(`  ${JSON.stringify(d)}`);
      process.exitCode = diffs.length ? 1 : 0;
      return;
    }
    const r = await rebuildReportRollup(ds, { timezone, log });
    log(`report_daily: ${r.orders.toLocaleString('en')} orders → ${JSON.stringify(r.rows)} in ${r.seconds.total.toFixed(1)} s`);
    if (!args.includes('--skip-terms')) {
      const t = await rebuildTermRollup(ds, { timezone, log });
      log(`terms: ${t.orders.toLocaleString('en')} orders, ${t.terms.toLocaleString('en')} rollup rows in ${t.seconds.toFixed(1)} s`);
    }
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
