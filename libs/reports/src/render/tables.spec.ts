import { Workbook } from 'exceljs';
import { allTables } from './report-model';
import { HOSTILE_TEXT, fixtureReportModel } from './report-model.fixture';
import { INDEX_SHEET, TRACE_SHEET, renderCsv, renderXlsx, sheetNames } from './tables';

describe('XLSX appendix', () => {
  it('round-trips every table, one sheet each, with Chinese headers and numbers as numbers', async () => {
    const model = fixtureReportModel();
    const buffer = await renderXlsx(model);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const tables = allTables(model);
    const names = sheetNames(model);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([INDEX_SHEET, ...tables.map((t) => names.get(t.table.id)), TRACE_SHEET]);
    for (const { table } of tables) {
      const sheet = workbook.getWorksheet(names.get(table.id)!)!;
      expect(sheet.rowCount).toBe(table.rows.length + 1);
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header[0]).toBe(table.columns[0].header);
    }
    const units = workbook.getWorksheet(names.get('units')!)!;
    expect(units.getRow(1).values).toEqual([undefined, '单位', '按时办结率', '满意率']);
    expect(units.getCell('C2').value).toBe(0.985);
    expect(units.getCell('C2').numFmt).toBe('0.0%');
    const categories = workbook.getWorksheet(names.get('top-categories')!)!;
    expect(categories.getCell('A4').value).toBe(HOSTILE_TEXT);
    const totals = workbook.getWorksheet(names.get('totals')!)!;
    expect(totals.getCell('B1').value).toBe('数值（件）');
    expect(totals.getCell('B2').value).toBe(1234567);
    const traces = workbook.getWorksheet(TRACE_SHEET)!;
    expect(traces.rowCount).toBe(1 + 3);
    expect(traces.getRow(3).values).toEqual([undefined, '一级分类前十', 2, '同比', -0.78, 1200, 5455, 'report.category_yoy']);
  });
});

describe('CSV', () => {
  it('writes one UTF-8 file with BOM per table, quoted and formula-safe', () => {
    const model = fixtureReportModel();
    const files = renderCsv(model);
    expect(files.map((f) => f.name)).toEqual(allTables(model).map((t, i) => `${String(i + 1).padStart(2, '0')}-${t.table.id}.csv`));
    for (const file of files) expect(file.content.charCodeAt(0)).toBe(0xfeff);
    const appeal = files.find((f) => f.name.endsWith('-appeal-types.csv'))!;
    expect(appeal.content).toBe('\ufeff类型,数量\r\n投诉,600000\r\n咨询,400000\r\n"求助, ""紧急""",100000\r\n');
    const categories = files.find((f) => f.name.endsWith('-top-categories.csv'))!;
    expect(categories.content.split('\r\n')).toEqual([
      '\ufeff分类,诉求量,同比',
      '噪音扰民,5000,+41%',
      '违法建设,1200,-78%',
      `"${HOSTILE_TEXT.replace(/"/g, '""')}",3,`,
      '',
    ]);
    const repeat = files.find((f) => f.name.endsWith('-repeat.csv'))!;
    expect(repeat.content).toContain(`"'=HYPERLINK(""http://x"")",1`);
    expect(Buffer.from(appeal.content, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
