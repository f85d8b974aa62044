import { renderHtml } from './html';
import { PdfOptions, PdfResult, renderPdf } from './pdf';
import { ReportModel, validateReportModel } from './report-model';
import { CsvFile, renderCsv, renderXlsx } from './tables';

export interface RenderedReport {
  html: string;
  pdf: PdfResult;
  xlsx: Buffer;
  csv: CsvFile[];
  /** From validateReportModel: shown to the reviewer before the report is published. */
  problems: string[];
}

/** Every output of one report. The model is already aggregated, so this needs memory for the outputs only. */
export async function renderReport(model: ReportModel, pdfOptions: Omit<PdfOptions, 'html'> = {}): Promise<RenderedReport> {
  const html = renderHtml(model);
  const pdf = await renderPdf(model, { ...pdfOptions, html });
  return { html, pdf, xlsx: await renderXlsx(model), csv: renderCsv(model), problems: validateReportModel(model) };
}
