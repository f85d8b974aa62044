/**
 * `npm run report:generate -- --scope city|district|unit [--scope-id N] --period year|half|quarter|month
 *   --year Y [--index N] [--as USERNAME] [--out DIR]`: generates a hotspot report from the command line, as a
 * manager would through the API (same checks, same single-flight job, stored as a new version), runs it in
 * this process unless a worker takes it first, and writes its files (HTML, PDF, XLSX, CSV) to --out.
 * --as names the manager the job runs for (default: the first manager of the centre).
 */
import 'reflect-metadata';
import { ConfigModule, DatabaseModule, QueueModule } from '@app/common';
import { AuthUser, Role } from '@app/identity';
import { ReportGenerator, ReportJobs, ReportStore, ReportsModule } from '@app/reports';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdir, writeFile } from 'fs/promises';
import { dirname, join } from 'path';
import { DataSource } from 'typeorm';

@Module({ imports: [ConfigModule, DatabaseModule, QueueModule, ReportsModule] })
class GenerateModule {}

function parseArgs(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (name: string) => (value(name) === undefined ? undefined : Number(value(name)));
  const scope = value('scope') ?? 'city';
  if (!['city', 'district', 'unit'].includes(scope)) throw new Error('--scope must be city, district or unit');
  const year = int('year');
  if (!year || !Number.isInteger(year)) throw new Error('--year is required');
  return {
    scope: scope as 'city' | 'district' | 'unit',
    scopeId: int('scope-id'),
    kind: value('period') ?? 'year',
    year,
    index: int('index'),
    as: value('as'),
    out: value('out'),
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  process.env.JWT_SECRET ??= 'report-generate-signs-no-tokens-0000000';
  const app = await NestFactory.createApplicationContext(GenerateModule, { logger: ['error', 'warn'] });
  const log = (s: string) => console.log(`[report:generate] ${s}`);
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const [u] = (await ds.query(
      o.as
        ? `SELECT id, username, role, unit_id FROM app_user WHERE username = $1 AND role = 'manager'`
        : `SELECT u.id, u.username, u.role, u.unit_id FROM app_user u JOIN unit c ON c.id = u.unit_id WHERE u.role = 'manager' AND c.parent_id IS NULL ORDER BY u.id LIMIT 1`,
      o.as ? [o.as] : [],
    )) as { id: number; username: string; role: Role; unit_id: number }[];
    if (!u) throw new Error(o.as ? `no manager named ${o.as}` : 'no manager at the centre');
    const user: AuthUser = { userId: u.id, username: u.username, role: u.role, unitId: u.unit_id };
    const job = await app.get(ReportJobs).start(user, {
      scope: { level: o.scope, ...(o.scopeId ? { id: o.scopeId } : {}) },
      kind: o.kind,
      year: o.year,
      ...(o.index ? { index: o.index } : {}),
    });
    log(`job ${job.id} started for ${u.username}`);
    await app.get(ReportGenerator).run(job.id, async (row) => log(`${row.progress}% ${row.stage}`));
    let row = await app.get(ReportJobs).row(job.id);
    // A worker took it first: wait for it.
    while (row.state === 'queued' || row.state === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      row = await app.get(ReportJobs).row(job.id);
    }
    if (row.state !== 'done' || !row.report_id || !row.report_version)
      throw new Error(`job ${job.id} ended ${row.state}: ${JSON.stringify(row.error)}`);
    const store = app.get(ReportStore);
    const report = await store.get(String(row.report_id));
    log(`report ${report.id} "${report.title}", version ${row.report_version} (${report.state}), in ${row.seconds?.total ?? '?'} s`);
    if (o.out) {
      for (const f of await store.fileNames(String(row.report_id), row.report_version)) {
        const file = await store.file(String(row.report_id), row.report_version, f.name);
        const path = join(o.out, f.name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
      }
      log(`files written to ${o.out}`);
    }
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error && 'code' in e ? `${String((e as { code: string }).code)}: ${e.message}` : e);
  process.exit(1);
});
