import { KnowledgeSearchService, KnowledgeText, SearchDto } from '@app/knowledge';
import { CatalogLookup, TicketsService } from '@app/tickets';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PlanSummary, explain } from '../core/explain';
import { LatencyFigures, httpRequest, sequentialLatency } from '../core/http';
import { percentile } from '../core/util';
import { rng } from './generator';

export const WARMUP = 30;
export const MIN_REQUESTS = 500;

const searchPath = (q: string) => `/knowledge/search?q=${encodeURIComponent(q)}`;

/** The warm-up questions, then every question once per round, each round in its own (fixed) shuffled order. */
export function requestOrder(questions: string[]): { order: string[]; measured: number } {
  const r = rng(7);
  const shuffled = () => {
    const xs = [...questions];
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const rounds = Math.ceil(MIN_REQUESTS / questions.length);
  const measured = Array.from({ length: rounds }, shuffled).flat();
  return { order: [...shuffled().slice(0, WARMUP), ...measured], measured: measured.length };
}

/** GET /knowledge/search one request at a time, with bench/core's sequential client. */
export async function measureHttp(base: string, token: string, questions: string[]): Promise<LatencyFigures> {
  const { order, measured } = requestOrder(questions);
  return sequentialLatency('GET /knowledge/search', base, token, (i) => searchPath(order[i]), { warmup: WARMUP, requests: measured });
}

/** Every question once more, untimed: what the agent sees (result counts), and a check that all answer 2xx. */
export async function httpResultCounts(base: string, token: string, questions: string[]) {
  const counts: number[] = [];
  let non2xx = 0;
  for (const q of questions) {
    const res = await httpRequest('GET', `${base}${searchPath(q)}`, undefined, token);
    if (res.status !== 200) non2xx++;
    else counts.push(res.body.items.length);
  }
  return {
    meanResults: counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length),
    zeroResults: counts.filter((c) => c === 0).length,
    non2xx,
  };
}

/**
 * A statement the service sent: the precise search, the lenient one, or one of the document-frequency
 * counts it makes for words it has not seen for a while (cached per process, 10 minutes).
 */
export interface Statement {
  kind: 'precise' | 'lenient' | 'df';
  sql: string;
  params: unknown[];
  ms: number;
  rows: number;
}

export interface ServiceRun {
  q: string;
  terms: string[];
  ms: number;
  results: number;
  statements: Statement[];
}

const searches = (r: ServiceRun) => r.statements.filter((s) => s.kind !== 'df');
const lenientRan = (r: ServiceRun) => r.statements.some((s) => s.kind === 'lenient');

/**
 * The app's own KnowledgeSearchService, on a data source that records and times each statement it
 * sends: the same SQL as the api, without HTTP, validation and JSON. Filters are not used, so the
 * catalog and tickets services are never called. One instance, so its caches live as in the api.
 */
export function recordingService(ds: DataSource, text: KnowledgeText) {
  let statements: Statement[] = [];
  const recorder = {
    async query(sql: string, params: unknown[]) {
      const t0 = process.hrtime.bigint();
      const rows = await ds.query(sql, params);
      const kind = !/ts_rank/.test(sql) ? 'df' : statements.some((s) => s.kind === 'precise') ? 'lenient' : 'precise';
      statements.push({ kind, sql, params, ms: Number(process.hrtime.bigint() - t0) / 1e6, rows: rows.length });
      return rows;
    },
  };
  const service = new KnowledgeSearchService(recorder as unknown as DataSource, text, {} as CatalogLookup, {} as TicketsService);
  return async (q: string): Promise<ServiceRun> => {
    statements = [];
    const t0 = process.hrtime.bigint();
    const res = await service.search({ q } as SearchDto, 'agent');
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { q, terms: res.terms, ms, results: res.items.length, statements };
  };
}

export interface ServiceFigures {
  n: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  lenientShare: number;
  /** The same times split by path: the precise query alone, or precise then lenient. */
  byPath: Record<'preciseOnly' | 'withLenient', { n: number; p50Ms: number; p95Ms: number; maxMs: number }>;
  /** Document-frequency counts in this pass: many on a cold cache, none once every word has been seen. */
  dfQueries: { n: number; totalMs: number; maxMs: number };
  meanResults: number;
  zeroResults: number;
  slowest: { q: string; terms: string[]; ms: number; statements: { kind: string; ms: number; rows: number }[]; results: number }[];
}

function spread(runs: ServiceRun[]) {
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { n: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: times[times.length - 1] ?? NaN };
}

export function summarizeService(runs: ServiceRun[]): ServiceFigures {
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const df = runs.flatMap((r) => r.statements.filter((s) => s.kind === 'df'));
  return {
    n: runs.length,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p99Ms: percentile(times, 99),
    maxMs: times[times.length - 1],
    lenientShare: runs.filter(lenientRan).length / runs.length,
    byPath: {
      preciseOnly: spread(runs.filter((r) => !lenientRan(r))),
      withLenient: spread(runs.filter(lenientRan)),
    },
    dfQueries: { n: df.length, totalMs: df.reduce((a, s) => a + s.ms, 0), maxMs: Math.max(0, ...df.map((s) => s.ms)) },
    meanResults: runs.reduce((a, r) => a + r.results, 0) / runs.length,
    zeroResults: runs.filter((r) => r.results === 0).length,
    slowest: [...runs]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((r) => ({
        q: r.q,
        terms: r.terms,
        ms: r.ms,
        statements: r.statements.map((s) => ({ kind: s.kind, ms: s.ms, rows: s.rows })),
        results: r.results,
      })),
  };
}

export interface ExplainedQuestion {
  role: string;
  q: string;
  terms: string[];
  plans: (PlanSummary & { statement: 'precise' | 'lenient' })[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of each search statement the service sent for a question, with the same parameters. */
export async function explainQuestion(db: Client, role: string, run: ServiceRun): Promise<ExplainedQuestion> {
  const plans: ExplainedQuestion['plans'] = [];
  for (const s of searches(run)) {
    const statement = s.kind as 'precise' | 'lenient';
    plans.push({ ...(await explain(db, `${role}: ${statement}`, s.sql, s.params)), statement });
  }
  return { role, q: run.q, terms: run.terms, plans };
}
