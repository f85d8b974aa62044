import { resolveFigureRef, validateReportModel } from './report-model';
import { fixtureReportModel } from './report-model.fixture';

describe('report model', () => {
  it('accepts the fixture and survives JSON', () => {
    const model = fixtureReportModel();
    expect(validateReportModel(model)).toEqual([]);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('resolves a figure by row key or index', () => {
    const model = fixtureReportModel();
    expect(resolveFigureRef(model, { tableId: 'top-categories', row: '违法建设', column: 'yoy' })?.cell.value).toBe(-0.78);
    expect(resolveFigureRef(model, { tableId: 'units', row: 0, column: 'satisfaction' })?.cell.trace?.denominator).toBe(1000);
    expect(resolveFigureRef(model, { tableId: 'units', row: 9, column: 'satisfaction' })).toBeUndefined();
  });

  it('reports missing sections, duplicate tables and dangling findings', () => {
    const model = fixtureReportModel();
    model.sections[1].tables?.push({ ...model.sections[0].tables![0] });
    model.sections[10].findings?.push({ text: '无依据', figureRef: { tableId: 'nope', row: 0, column: 'x' } });
    model.sections.splice(8, 1);
    const problems = validateReportModel(model);
    expect(problems.some((p) => p.startsWith('sections must be'))).toBe(true);
    expect(problems).toContain('table id totals is used twice');
    expect(problems.some((p) => p.includes('无依据'))).toBe(true);
  });
});
