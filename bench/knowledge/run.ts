/**
 * `npm run bench:knowledge [-- --entries N] [--reuse]`: the knowledge base search at scale.
 * Loads N generated entries (default 200,000) into hotline_bench_kb with search vectors written by the
 * app's segmenter, then measures GET /knowledge/search one request at a time over realistic caller
 * questions, and the service's own SQL with EXPLAIN ANALYZE. An unmet goal still exits 0; a broken
 * run (non-2xx, a crash) exits 1.
 */
import 'reflect-metadata';
import { dataSourceOptions, runMigrations } from '@app/common';
import { KnowledgeText } from '@app/knowledge';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ensureBuilt, startApi } from '../core/api-process';
import { connect, withDatabase } from '../core/db';
import { login } from '../core/http';
import { fmt, log } from '../core/util';
import { KB_DB, loadedEntries, recreateKbDatabase } from './db';
import { describeKb } from './describe';
import { segmenterFingerprint } from './fingerprint';
import { KB_AGENT, KB_PASSWORD, insertKbOrg, loadEntries, writeMeta } from './load';
import { ServiceRun, explainQuestion, httpResultCounts, measureHttp, recordingService, summarizeService } from './measure';
import { COMMON, LENIENT, callerQuestions } from './questions';
import { KbResults, evaluateGoal, newKbResults, printDetails, printKbSummary, writeKbResults } from './report';

function parseArgs(argv: string[]): KbResults['options'] {
  const o = { entries: 200_000, reuse: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reuse') o.reuse = true;
    else if (a === '--entries') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error('--entries needs a positive integer');
      o.entries = v;
    } else throw new Error(`unknown option ${a} (use --entries N, --reuse)`);
  }
  return o;
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** The segmenter is the app's (KnowledgeText.seg: jieba + region names + synonyms), so it needs a TypeORM data source. */
async function openDataSource(url: string): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 2, application_name: 'hotline_bench_kb' } }));
  return ds.initialize();
}

/** What main closes at the end, whatever step failed. */
interface Connections {
  db?: Client;
  ds?: DataSource;
}

/** Reuses a complete earlier load with --reuse when it is big enough; otherwise recreates and loads. */
async function prepare(adminUrl: string, r: KbResults, conn: Connections): Promise<{ db: Client; ds: DataSource }> {
  const url = withDatabase(adminUrl, KB_DB);
  const have = r.options.reuse ? await loadedEntries(adminUrl) : null;
  if (have !== null && have.entries >= r.options.entries) {
    await runMigrations(url);
    const ds = (conn.ds = await openDataSource(url));
    // Vectors written by another segmenter (dictionary, synonyms, jieba) would not match the api's queries.
    if (have.fingerprint === (await segmenterFingerprint(new KnowledgeText(ds)))) {
      log(`reusing ${KB_DB} (${fmt(have.entries)} entries loaded)`);
      const zero = { org: 0, entries: 0, generateAndSegment: 0, index: 0, vacuum: 0, total: 0 };
      r.load = { entries: have.entries, reused: true, seconds: zero };
      conn.db = await connect(url);
      return { db: conn.db, ds };
    }
    log(`${KB_DB} was segmented differently from the current segmenter: loading again`);
    await ds.destroy();
  }
  log(`creating ${KB_DB} and loading ${fmt(r.options.entries)} entries`);
  const t0 = process.hrtime.bigint();
  await recreateKbDatabase(adminUrl);
  await runMigrations(url);
  const db = (conn.db = await connect(url));
  const tOrg = process.hrtime.bigint();
  await insertKbOrg(db);
  const org = seconds(tOrg);
  const ds = (conn.ds = await openDataSource(url));
  const text = new KnowledgeText(ds);
  const loaded = await loadEntries(db, text, r.options.entries);
  r.load = { entries: loaded.entries, reused: false, seconds: { org, ...loaded.seconds, total: seconds(t0) } };
  await writeMeta(db, r.load, await segmenterFingerprint(text));
  return { db, ds };
}

/** The three questions to EXPLAIN: a precise hit, one that needs the lenient query, a lone very common word. */
function representatives(runs: ServiceRun[]): [string, ServiceRun][] {
  const by = (q: string) => runs.find((x) => x.q === q);
  const lenient = (x: ServiceRun) => x.statements.some((s) => s.kind === 'lenient');
  const hit = by('请问医保门诊报销比例是多少');
  const precise = hit && !lenient(hit) ? hit : runs.find((x) => !lenient(x) && x.results === 10);
  const fallback = runs.find((x) => LENIENT.includes(x.q) && lenient(x)) ?? runs.find(lenient);
  const common = by(COMMON[0]);
  const out: [string, ServiceRun | undefined][] = [
    ['precise hit', precise],
    ['lenient fallback', fallback],
    ['very common words', common],
  ];
  return out.filter((x): x is [string, ServiceRun] => !!x[1]);
}

async function main(): Promise<void> {
  const r = newKbResults(parseArgs(process.argv.slice(2)));
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  r.notes.push(
    'no worker runs; the client, the api and PostgreSQL share the same cores',
    'search vectors are written by the benchmark with the app segmenter (KnowledgeText.seg) and the SQL of KnowledgeText.writeVector',
    'the GIN index is dropped during the load and rebuilt once: a freshly built index, not one grown row by row',
  );
  let failed = false;
  const conn: Connections = {};
  try {
    const { db, ds } = await prepare(adminUrl, r, conn);
    const url = withDatabase(adminUrl, KB_DB);
    r.machine.postgres = (await db.query('SHOW server_version')).rows[0].server_version;
    r.data = await describeKb(db);
    const questions = callerQuestions();
    r.questions = { distinct: questions.length, lenientSet: LENIENT.length, commonWordSet: COMMON.length };

    ensureBuilt();
    await db.query('CHECKPOINT');
    log('starting the api (fastify)');
    const api = await startApi({ databaseUrl: url, redisUrl, adapter: 'fastify' });
    try {
      const token = await login(api.base, KB_AGENT, KB_PASSWORD);
      log(`GET /knowledge/search: ${questions.length} questions, one request at a time`);
      const latency = await measureHttp(api.base, token, questions);
      const counts = await httpResultCounts(api.base, token, questions);
      r.http = {
        ...latency,
        non2xx: latency.non2xx + counts.non2xx,
        meanResults: counts.meanResults,
        zeroResultQuestions: counts.zeroResults,
      };
      if (r.http.non2xx > 0) throw new Error(`GET /knowledge/search answered non-2xx ${r.http.non2xx} times (see above)`);
      if (!api.alive()) throw new Error(`the api exited during the run:\n${api.tail()}`);
    } finally {
      await api.stop();
    }

    // Twice: the first pass fills the service's document-frequency cache (as the HTTP run did in the
    // api), the second is the steady state and the one reported.
    log('service-level SQL: KnowledgeSearchService on pg, each question once on a cold cache, then once warm');
    const search = recordingService(ds, new KnowledgeText(ds));
    const pass = async () => {
      const runs: ServiceRun[] = [];
      for (const q of questions) runs.push(await search(q));
      return runs;
    };
    r.serviceCold = summarizeService(await pass());
    const runs = await pass();
    r.service = summarizeService(runs);
    for (const [role, run] of representatives(runs)) r.explain.push(await explainQuestion(db, role, run));
  } catch (e) {
    failed = true;
    r.error = e instanceof Error ? e.message : String(e);
    console.error(`\nBENCHMARK BROKEN: ${r.error}`);
  } finally {
    await conn.db?.end().catch(() => undefined);
    if (conn.ds?.isInitialized) await conn.ds.destroy().catch(() => undefined);
  }
  evaluateGoal(r);
  printDetails(r);
  printKbSummary(r);
  console.log(`\nresults written to ${await writeKbResults(r)}`);
  process.exitCode = failed ? 1 : 0;
}

void main();
