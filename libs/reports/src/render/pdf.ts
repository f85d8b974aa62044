import { execFile } from 'child_process';
import { accessSync, constants, readFileSync } from 'fs';
import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { renderHtml } from './html';
import { renderPdfWithPdfkit } from './pdf-fallback';
import { ReportModel } from './report-model';

export type PdfEngine = 'chromium' | 'pdfkit';

export interface PdfResult {
  pdf: Buffer;
  engine: PdfEngine;
  /** The browser that printed it, when engine is chromium. */
  chromiumPath?: string;
  /** Why Chromium was found but not used (it failed): the caller should log it. */
  fallbackReason?: string;
}

export interface PdfOptions {
  /** From configuration (CHROMIUM_PATH); tried before the usual install locations. */
  chromiumPath?: string;
  /** The HTML already rendered for this model, to avoid rendering it twice. */
  html?: string;
  /** Force one engine; `auto` (the default) prefers Chromium when one is installed. */
  engine?: 'auto' | PdfEngine;
  timeoutMs?: number;
}

export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/local/bin/chromium',
  '/snap/bin/chromium',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium(explicit?: string, candidates: readonly string[] = CHROMIUM_CANDIDATES): string | undefined {
  return [explicit, ...candidates].find((p): p is string => !!p && isExecutable(p));
}

/** The same Noto Sans SC subset as the pdfkit fallback, as WOFF2, for servers that have Chromium but no CJK font. */
export const PRINT_FONT_FILES = {
  400: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2',
  700: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff2',
};

let printFontCss: string | undefined;

/**
 * The HTML relies on the reader's system fonts; a server often has none for Chinese, and Chromium then
 * prints boxes. For printing only, the page gets Noto Sans SC as a data: font (its CSP allows exactly that).
 */
export function withEmbeddedCjkFont(html: string): string {
  printFontCss ??= Object.entries(PRINT_FONT_FILES)
    .map(
      ([weight, file]) =>
        `@font-face { font-family: 'Noto Sans SC'; font-weight: ${weight}; font-display: block; ` +
        `src: url(data:font/woff2;base64,${readFileSync(require.resolve(file)).toString('base64')}) format('woff2'); }`,
    )
    .join('\n');
  return html
    .replace("default-src 'none';", "default-src 'none'; font-src data:;")
    .replace('</head>', `<style>${printFontCss}</style>\n</head>`);
}

function run(file: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${error.message}${stderr ? `: ${String(stderr).slice(-500)}` : ''}`)) : resolve(),
    );
  });
}

/**
 * Prints the self-contained HTML with headless Chromium, in a throw-away profile. The page has no script
 * and a CSP that blocks every request, so --no-sandbox (needed as root in a container) opens nothing.
 */
export async function printWithChromium(chromiumPath: string, html: string, timeoutMs = 60_000): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'report-pdf-'));
  try {
    const htmlPath = join(dir, 'report.html');
    const pdfPath = join(dir, 'report.pdf');
    await writeFile(htmlPath, withEmbeddedCjkFont(html), 'utf8');
    await run(
      chromiumPath,
      [
        '--headless',
        '--disable-gpu',
        '--no-sandbox',
        '--no-first-run',
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-pdf-header-footer',
        '--print-to-pdf-no-header',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--print-to-pdf=${pdfPath}`,
        pathToFileURL(htmlPath).href,
      ],
      timeoutMs,
    );
    const pdf = await readFile(pdfPath);
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('Chromium wrote no PDF');
    return pdf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF of the report: Chromium when installed (it prints the HTML, charts included), else pdfkit. */
export async function renderPdf(model: ReportModel, options: PdfOptions = {}): Promise<PdfResult> {
  const engine = options.engine ?? 'auto';
  if (engine !== 'pdfkit') {
    const chromiumPath = findChromium(options.chromiumPath);
    if (chromiumPath) {
      try {
        const pdf = await printWithChromium(chromiumPath, options.html ?? renderHtml(model), options.timeoutMs);
        return { pdf, engine: 'chromium', chromiumPath };
      } catch (error) {
        if (engine === 'chromium') throw error;
        return { pdf: await renderPdfWithPdfkit(model), engine: 'pdfkit', fallbackReason: `chromium failed: ${(error as Error).message}` };
      }
    }
    if (engine === 'chromium') throw new Error('No Chromium found (set CHROMIUM_PATH)');
  }
  return { pdf: await renderPdfWithPdfkit(model), engine: 'pdfkit' };
}
