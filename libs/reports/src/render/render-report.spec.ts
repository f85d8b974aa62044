import { renderReport } from './render-report';
import { allTables } from './report-model';
import { fixtureReportModel } from './report-model.fixture';

describe('renderReport', () => {
  it('renders every output of a sound model', async () => {
    const report = await renderReport(fixtureReportModel(), { engine: 'pdfkit' });
    expect(report.problems).toEqual([]);
    expect(report.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(report.pdf.engine).toBe('pdfkit');
    expect(report.pdf.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(report.xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(report.csv).toHaveLength(allTables(fixtureReportModel()).length);
  });
});
