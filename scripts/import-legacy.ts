/**
 * `npm run import:legacy -- --system <name> [--dry-run] <file.csv>`: loads a legacy system's CSV export
 * of past orders (columns: docs/REPORTS.md, "Legacy import"), so that the first year on the platform
 * has year-on-year figures. Prints the counts and the first invalid rows with their reasons. A real
 * import then adds the orders written to the report, keyword and KPI rollups, one by one up to
 * LEGACY_REFRESH_LIMIT orders; above that it asks for a rebuild instead, which is faster.
 * Exit 0: every row imported (or already imported); 1: invalid rows or missing columns; 2: usage or failure.
 */
import 'reflect-metadata';
import { ConfigModule, DatabaseModule } from '@app/common';
import { KpiEvents } from '@app/kpi';
import {
  LEGACY_REFRESH_LIMIT,
  LEGACY_SYSTEM_PATTERN,
  LegacyImportReport,
  LegacyOrderImport,
  ReportRollup,
  TermRollup,
  importedTicketIds,
  refreshImportedOrders,
} from '@app/reports';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { readFile } from 'fs/promises';
import { DataSource } from 'typeorm';

/** The rollups' services, without the queues the rest of ReportsModule needs: no Redis for an import. */
@Module({ imports: [ConfigModule, DatabaseModule], providers: [ReportRollup, TermRollup, KpiEvents] })
class ImportLegacyModule {}

const USAGE = 'usage: npm run import:legacy -- --system <name> [--dry-run] <file.csv>';
const SHOW_INVALID = 20;
const REFRESH_CHUNK = 500;
const REBUILD = 'npm run report:rebuild && npm run kpi:reconcile -- --fix';

const log = (s: string) => console.log(`[import:legacy] ${s}`);
const n = (x: number) => x.toLocaleString('en');

/** Wrong arguments or an unreadable file: the message is enough, no stack. */
class UsageError extends Error {}

interface Args {
  system: string;
  dryRun: boolean;
  file: string;
}

function parseArgs(argv: string[]): Args {
  let system: string | undefined;
  let dryRun = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--system') system = argv[++i];
    else if (a === '--dry-run') dryRun = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (!system || !LEGACY_SYSTEM_PATTERN.test(system))
    throw new UsageError(`--system needs the legacy system's short name: 1-32 letters, digits, ".", "_" or "-"\n${USAGE}`);
  if (files.length !== 1) throw new UsageError(`give exactly one CSV file\n${USAGE}`);
  return { system, dryRun, file: files[0] };
}

async function readExport(file: string): Promise<string> {
  const bytes = await readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(
      `${file} is not UTF-8 (Excel exports here are usually GBK): convert it first, e.g. iconv -f GBK -t UTF-8 ${file} > utf8.csv`,
    );
  }
}

function printReport(r: LegacyImportReport, file: string, seconds: number): void {
  const total = r.accepted + r.duplicate + r.invalid;
  log(
    `${r.system} ← ${file}: ${n(total)} rows: ${n(r.accepted)} accepted, ${n(r.duplicate)} duplicate, ${n(r.invalid)} invalid ` +
      `in ${seconds.toFixed(1)} s${r.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  if (r.missingColumns.length) log(`the header lacks required columns, nothing imported: ${r.missingColumns.join('、')}`);
  const invalid = r.rows.filter((row) => row.status === 'invalid');
  if (!invalid.length) return;
  log(`invalid rows${invalid.length > SHOW_INVALID ? ` (the first ${SHOW_INVALID})` : ''}:`);
  for (const row of invalid.slice(0, SHOW_INVALID))
    console.log(`  row ${row.row} ${row.legacyNo ?? '(no number)'}: ${row.reasons.join('；')}`);
  if (invalid.length > SHOW_INVALID) console.log(`  … ${n(invalid.length - SHOW_INVALID)} more`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const csv = await readExport(args.file);
  // The import signs no tokens; the configuration still asks for a secret.
  process.env.JWT_SECRET ??= 'import-legacy-signs-no-tokens-000000000';
  const app = await NestFactory.createApplicationContext(ImportLegacyModule, { logger: ['error', 'warn'] });
  try {
    const t0 = Date.now();
    let report: LegacyImportReport;
    try {
      report = await new LegacyOrderImport(app.get<DataSource>(getDataSourceToken())).import(csv, args.system, { dryRun: args.dryRun });
    } catch (e) {
      // Batches commit one by one: those before the failure are written, and a rerun skips them as duplicates.
      if (!args.dryRun) log(`the import stopped; orders written before the failure are not in the rollups yet: run ${REBUILD}`);
      throw e;
    }
    printReport(report, args.file, (Date.now() - t0) / 1000);
    process.exitCode = report.missingColumns.length || report.invalid ? 1 : 0;
    const ids = importedTicketIds(report);
    if (!ids.length) return;
    if (ids.length > LEGACY_REFRESH_LIMIT) {
      log(`${n(ids.length)} orders written, more than ${n(LEGACY_REFRESH_LIMIT)}: the rollups are not refreshed order by order.`);
      log(`rebuild them now (they lock the report and KPI tables while they run: a quiet hour): ${REBUILD}`);
      return;
    }
    const rollups = { report: app.get(ReportRollup), terms: app.get(TermRollup), kpi: app.get(KpiEvents) };
    const t1 = Date.now();
    for (let i = 0; i < ids.length; i += REFRESH_CHUNK) {
      await refreshImportedOrders(rollups, ids.slice(i, i + REFRESH_CHUNK));
      if (ids.length > REFRESH_CHUNK) log(`rollups: ${n(Math.min(i + REFRESH_CHUNK, ids.length))} / ${n(ids.length)} orders`);
    }
    log(`rollups: ${n(ids.length)} orders added to the report, keyword and KPI figures in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exitCode = 2;
});
