/** Small helpers shared by the benchmark steps: timing, bounded concurrency, and plain-text tables. */

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const v = await fn();
  return [v, Number(process.hrtime.bigint() - t0) / 1e9];
}

/** Runs tasks with at most `workers` at once; worker i always gets the same resource (a connection). */
export async function runPool<R>(resources: R[], tasks: ((r: R) => Promise<void>)[]): Promise<void> {
  let next = 0;
  await Promise.all(
    resources.map(async (r) => {
      while (next < tasks.length) await tasks[next++](r);
    }),
  );
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

export const log = (s: string): void => console.log(`[bench] ${s}`);

/** Prints rows as an aligned table; the first row is the header. Cells that start with a number are right-aligned unless `left`. */
export function printTable(title: string, rows: (string | number)[][], left = false): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  // CJK characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(widths[i] - width(c));
        return !left && /^[-+]?\d/.test(c) ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  console.log(`\n${title}\n${rule}\n${line(cells[0])}\n${rule}`);
  for (const r of cells.slice(1)) console.log(line(r));
  console.log(rule);
}
