import { mkdir, writeFile } from 'fs/promises';
import { join } from 'path';
import { LatencyFigures } from '../core/http';
import { newResults } from '../core/report';
import { fmt, printTable } from '../core/util';
import { KbData } from './describe';
import { KbLoadFigures } from './load';
import { ExplainedQuestion, ServiceFigures, WARMUP } from './measure';

export const GOAL_P95_MS = 50;

export interface KbResults {
  machine: ReturnType<typeof newResults>['machine'];
  date: string;
  commit: string;
  options: { entries: number; reuse: boolean };
  load?: KbLoadFigures;
  data?: KbData;
  questions?: { distinct: number; lenientSet: number; commonWordSet: number };
  http?: LatencyFigures & { meanResults: number; zeroResultQuestions: number };
  /** Each question once on a fresh service instance: every word's document frequency is counted first. */
  serviceCold?: ServiceFigures;
  /** Each question once more: the steady state. */
  service?: ServiceFigures;
  explain: ExplainedQuestion[];
  goal?: { target: string; actual: string; met: boolean };
  notes: string[];
  error?: string;
}

/** Machine, date and commit as bench/core records them. */
export function newKbResults(options: KbResults['options']): KbResults {
  const { machine, date, commit } = newResults({ orders: 0, reuse: options.reuse, duration: 0 });
  return { machine, date, commit, options, explain: [], notes: [] };
}

export function evaluateGoal(r: KbResults): void {
  if (!r.http) return;
  r.goal = { target: `<= ${GOAL_P95_MS} ms`, actual: `${r.http.p95Ms.toFixed(1)} ms`, met: r.http.p95Ms <= GOAL_P95_MS };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

export function printKbSummary(r: KbResults): void {
  const m = r.machine;
  const rows: (string | number)[][] = [
    ['figure', 'value'],
    ['machine', `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB`],
    ['os / node / postgres', `${m.os} / ${m.node} / ${m.postgres ?? '?'}`],
    ['load average at start', m.loadAvgAtStart.join(' ')],
    ['date / commit', `${r.date} / ${r.commit}`],
    ['entries in the database', `${fmt(r.data?.entries ?? NaN)} (requested ${fmt(r.options.entries)})`],
  ];
  if (r.load) {
    const s = r.load.seconds;
    rows.push([
      'load',
      r.load.reused
        ? 'reused (--reuse)'
        : `${s.total.toFixed(1)} s (org ${s.org.toFixed(1)}, entries ${s.entries.toFixed(1)} of which generate+jieba ${s.generateAndSegment.toFixed(1)}, ` +
          `GIN index ${s.index.toFixed(1)}, VACUUM ANALYZE ${s.vacuum.toFixed(1)})`,
    ]);
  }
  if (r.data) {
    const d = r.data;
    rows.push([
      'entry kinds',
      Object.entries(d.kinds)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ') + `; expired ${fmt(d.expired)}`,
    ]);
    rows.push(['body / vector', `${d.avgBodyChars} chars; ${d.avgLexemes} lexemes, ${d.avgVectorBytes} bytes stored on average`]);
    rows.push(['sizes', `table ${d.tableMiB} MiB (with TOAST), knowledge_entry_search_idx ${d.searchIndexMiB} MiB`]);
  }
  if (r.questions) {
    const q = r.questions;
    rows.push(['questions', `${q.distinct} distinct (${q.lenientSet} mixed-topic, ${q.commonWordSet} common-word only)`]);
  }
  if (r.http) {
    const h = r.http;
    rows.push([
      'GET /knowledge/search',
      `${h.n} requests after ${WARMUP} warm-up: p50 ${ms(h.p50Ms)}, p95 ${ms(h.p95Ms)}, p99 ${ms(h.p99Ms)}, max ${ms(h.maxMs)}, non-2xx ${h.non2xx}`,
    ]);
    rows.push(['results per question', `mean ${h.meanResults.toFixed(2)}, ${h.zeroResultQuestions} questions with none`]);
  }
  if (r.service) {
    const s = r.service;
    rows.push([
      'service SQL (each question, warm)',
      `p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}, p99 ${ms(s.p99Ms)}, max ${ms(s.maxMs)}; lenient query ran for ${(s.lenientShare * 100).toFixed(0)}%`,
    ]);
    for (const [path, label] of [
      ['preciseOnly', 'precise query only'],
      ['withLenient', 'precise + lenient'],
    ] as const) {
      const p = s.byPath[path];
      rows.push([`  ${label}`, `${p.n} questions: p50 ${ms(p.p50Ms)}, p95 ${ms(p.p95Ms)}, max ${ms(p.maxMs)}`]);
    }
  }
  if (r.serviceCold) {
    const c = r.serviceCold;
    rows.push([
      'service SQL, cold word cache',
      `p50 ${ms(c.p50Ms)}, p95 ${ms(c.p95Ms)}, max ${ms(c.maxMs)}; ${c.dfQueries.n} document-frequency counts, ` +
        `${ms(c.dfQueries.totalMs)} in all, slowest ${ms(c.dfQueries.maxMs)}`,
    ]);
  }
  for (const e of r.explain) {
    rows.push([
      `EXPLAIN ${e.role}`,
      e.plans.map((p) => `${p.statement} ${p.executionMs.toFixed(2)} ms (${p.indexes.join(', ') || 'no index'})`).join('; '),
    ]);
  }
  if (r.goal) rows.push(['goal: search p95', `${r.goal.met ? 'MET' : 'NOT MET'} (${r.goal.actual}, target ${r.goal.target})`]);
  printTable('Summary: knowledge base search', rows, true);
  for (const n of r.notes) console.log(`note: ${n}`);
}

export function printDetails(r: KbResults): void {
  if (r.data) {
    printTable('Document frequency (entries containing the word)', [
      ['word', 'entries', 'share'],
      ...Object.entries(r.data.documentFrequency).map(([w, n]) => [w, n, `${((n / r.data!.entries) * 100).toFixed(1)}%`]),
    ]);
  }
  if (r.service) {
    printTable('Slowest questions (service SQL, warm)', [
      ['question', 'terms', 'total ms', 'statements ms (rows)', 'results'],
      ...r.service.slowest.map((s) => [
        s.q,
        s.terms.join(' '),
        s.ms.toFixed(1),
        s.statements.map((x) => `${x.kind} ${x.ms.toFixed(1)} (${x.rows})`).join(' + '),
        s.results,
      ]),
    ]);
  }
  for (const e of r.explain) {
    console.log(`\n${e.role}: 「${e.q}」 terms ${e.terms.join(' ')}`);
    for (const p of e.plans) {
      console.log(
        `  EXPLAIN (ANALYZE, BUFFERS) ${p.statement}: execution ${p.executionMs.toFixed(2)} ms, planning ${p.planningMs.toFixed(2)} ms, ` +
          `buffers hit ${p.sharedHit}, read ${p.sharedRead}; indexes: ${p.indexes.join(', ') || 'none'}`,
      );
      for (const line of p.nodes) console.log(`    ${line}`);
    }
  }
}

export async function writeKbResults(r: KbResults): Promise<string> {
  const dir = join(__dirname, '..', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `knowledge-${r.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}
