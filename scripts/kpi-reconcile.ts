/**
 * `npm run kpi:reconcile [-- --fix] [--limit N] [--batch N]`: recounts the KPI rollup from the raw
 * orders (ticket, ticket_flow, callback_task) and the settled days' phone figures from call_record,
 * and prints every difference. Exit 1 when differences remain (none found, or --fix rewrote them: 0).
 * --fix locks the KPI tables against order events while it runs: run it when the floor is quiet.
 * Also the way to fill the rollup on a database that already held orders (after the migration, a seed).
 */
import 'reflect-metadata';
import { ConfigModule, DatabaseModule } from '@app/common';
import { KpiModule, KpiReconciler, ReconcileOptions } from '@app/kpi';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Module({ imports: [ConfigModule, DatabaseModule, KpiModule] })
class ReconcileModule {}

function parseArgs(argv: string[]): ReconcileOptions {
  const o: ReconcileOptions = { fix: false, limit: 1000, batch: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fix') o.fix = true;
    else if (a === '--limit' || a === '--batch') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number`);
      o[a === '--limit' ? 'limit' : 'batch'] = v;
    } else throw new Error(`unknown option ${a} (use --fix, --limit N (0: all), --batch N)`);
  }
  return o;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  // The reconcile signs no tokens; the configuration still asks for a secret.
  process.env.JWT_SECRET ??= 'kpi-reconcile-signs-no-tokens-000000000';
  const app = await NestFactory.createApplicationContext(ReconcileModule, { logger: ['error', 'warn'] });
  try {
    const r = await app.get(KpiReconciler).run({ ...opts, log: (l) => console.log(`[kpi:reconcile] ${l}`) });
    console.log(`recounted ${r.orders} orders in ${r.seconds.toFixed(1)} s`);
    console.log(`orders whose stored contribution differs: ${r.ordersDiffering}`);
    for (const o of r.orderSamples)
      console.log(`  order ${o.ticketId}${o.lagging ? ' (changed after its last KPI update: an event may still be queued)' : ''}`);
    if (r.ordersDiffering > r.orderSamples.length)
      console.log(`  … ${r.ordersDiffering - r.orderSamples.length} more (--limit 0 lists all)`);
    console.log(`rollup cells that differ: ${r.rollupDifferences}`);
    for (const d of r.differences) {
      console.log(
        `  grain ${d.grain} ${d.day} unit ${d.unitId} district ${d.districtId} street ${d.streetId} category ${d.categoryId} ` +
          `channel ${d.channel || '-'} hotline ${d.hotlineId}${d.cannotDo ? ' 办不成事' : ''}: ${d.counter} stored ${d.stored}, recount ${d.recount}`,
      );
    }
    if (r.rollupDifferences > r.differences.length)
      console.log(`  … ${r.rollupDifferences - r.differences.length} more (--limit 0 lists all)`);
    console.log(`phone figures (settled days) that differ: ${r.callDifferences.length}`);
    for (const d of r.callDifferences)
      console.log(`  ${d.day} hotline ${d.hotlineId}: ${d.counter} stored ${d.stored}, recount ${d.recount}`);
    const found = r.ordersDiffering + r.rollupDifferences + r.callDifferences.length;
    if (r.fixed) console.log('fixed: the rollup and the contributions now equal the recount');
    process.exitCode = found > 0 && !r.fixed ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
