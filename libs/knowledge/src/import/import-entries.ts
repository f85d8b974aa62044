import { createHash } from 'crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { ENTRY_KINDS, EntryKind, KnowledgeEntry } from '../knowledge-entry.entity';
import { KnowledgeEntryVersion } from '../knowledge-version.entity';
import { KnowledgeText, sanitizeBody } from '../knowledge-text';

/** One entry as files carry it: units, categories, regions and links by their codes and external ids. */
export interface ImportRow {
  externalId?: string;
  kind?: string;
  title?: string;
  question?: string;
  body?: string;
  docNumber?: string;
  issuingUnit?: string;
  ownerUnitCode?: string;
  categoryCodes?: string[];
  tags?: string[];
  regionCodes?: string[];
  effectiveFrom?: string;
  expiresOn?: string | null;
  sourceExternalId?: string;
  sourceParagraph?: string;
  serviceExternalId?: string;
  serviceUrl?: string;
  internalNote?: string;
}

export interface RowResult {
  row: number;
  externalId: string | null;
  status: 'created' | 'updated' | 'unchanged' | 'error';
  code?: string;
  message?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ARRAY_FIELDS = ['categoryCodes', 'tags', 'regionCodes'] as const;

/** Rows from JSON (an array) or CSV (a header row of field names; list fields separated by |). */
export function parseImport(format: 'json' | 'csv', content: string): ImportRow[] {
  if (format === 'json') {
    const data = JSON.parse(content);
    if (!Array.isArray(data)) throw new Error('JSON 须为条目数组');
    return data;
  }
  const records: Record<string, string>[] = parseCsv(content, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  return records.map((r) => {
    const row: Record<string, unknown> = { ...r };
    for (const f of ARRAY_FIELDS)
      row[f] = r[f]
        ? r[f]
            .split('|')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    for (const [k, v] of Object.entries(row)) if (v === '') row[k] = undefined;
    return row as ImportRow;
  });
}

/**
 * Imports entries, idempotently: keyed on external id (else on a policy's document number), unchanged
 * rows stay untouched, and every row gets its own result. A row with a problem (a missing field, an
 * unknown unit, a link to a document that exists neither in the file nor in the base) is reported and
 * skipped; the others are written in one transaction, published, with a version each.
 */
export async function importEntries(
  ds: DataSource,
  text: KnowledgeText,
  rows: ImportRow[],
  by: number | null,
): Promise<{ results: RowResult[]; summary: Record<string, number> }> {
  const [units, categories, regions] = await Promise.all([
    ds.query(`SELECT id, code FROM unit WHERE active`),
    ds.query(`SELECT id, code FROM category`),
    ds.query(`SELECT id, code FROM region`),
  ]);
  const byCode = (list: { id: number; code: string }[]) => new Map(list.map((x) => [x.code, x.id]));
  const unitIds = byCode(units);
  const categoryIds = byCode(categories);
  const regionIds = byCode(regions);
  const existing = new Map<string, { id: string; kind: string; hash: string }>(
    (
      await ds.query(
        `SELECT id, external_id, kind, md5(title || coalesce(question,'') || body) AS hash FROM knowledge_entry WHERE external_id IS NOT NULL`,
      )
    ).map((r: { id: string; external_id: string; kind: string; hash: string }) => [
      r.external_id,
      { id: r.id, kind: r.kind, hash: r.hash },
    ]),
  );
  const inFile = new Map(rows.filter((r) => r.externalId).map((r) => [r.externalId!, r.kind]));
  const linkable = (ext: string | undefined, kind: string) => !ext || inFile.get(ext) === kind || existing.get(ext)?.kind === kind;

  const results: RowResult[] = [];
  const valid: { index: number; row: ImportRow; entry: Partial<KnowledgeEntry> }[] = [];
  rows.forEach((row, i) => {
    const fail = (code: string, message: string) =>
      results.push({ row: i + 1, externalId: row.externalId ?? null, status: 'error', code, message });
    if (!row.externalId && !(row.kind === 'policy' && row.docNumber))
      return fail('IMPORT.KEY_MISSING', '须有 externalId（政策文件可用文号）');
    if (!ENTRY_KINDS.includes(row.kind as EntryKind)) return fail('IMPORT.KIND_INVALID', `kind 须为 ${ENTRY_KINDS.join('/')}`);
    if (!row.title?.trim() || !row.body?.trim()) return fail('IMPORT.FIELD_MISSING', '标题和正文不能为空');
    if (row.title.length > 200 || (row.question?.length ?? 0) > 300) return fail('IMPORT.TOO_LONG', '标题或问题过长');
    if (!row.ownerUnitCode || !unitIds.has(row.ownerUnitCode))
      return fail('IMPORT.OWNER_UNIT_UNKNOWN', `责任单位 ${row.ownerUnitCode ?? '(空)'} 不存在或已停用`);
    if (!row.effectiveFrom || !DATE.test(row.effectiveFrom)) return fail('IMPORT.DATE_INVALID', '生效日期须为 YYYY-MM-DD');
    if (row.expiresOn && (!DATE.test(row.expiresOn) || row.expiresOn < row.effectiveFrom))
      return fail('IMPORT.VALIDITY_INVALID', '失效日期不能早于生效日期');
    if (row.kind === 'qa' && !row.question) return fail('IMPORT.QUESTION_REQUIRED', '问答条目须有问题');
    if (!linkable(row.sourceExternalId, 'policy')) return fail('IMPORT.BROKEN_LINK', `来源文件 ${row.sourceExternalId} 不存在`);
    if (!linkable(row.serviceExternalId, 'guide')) return fail('IMPORT.BROKEN_LINK', `关联办事指南 ${row.serviceExternalId} 不存在`);
    const unknownCategory = (row.categoryCodes ?? []).find((c) => !categoryIds.has(c));
    if (unknownCategory) return fail('IMPORT.CATEGORY_UNKNOWN', `事项分类 ${unknownCategory} 不存在`);
    valid.push({
      index: i,
      row,
      entry: {
        externalId: row.externalId ?? `DOC:${row.docNumber}`,
        kind: row.kind as EntryKind,
        title: row.title.trim(),
        question: row.question?.trim() || null,
        body: sanitizeBody(row.body),
        docNumber: row.docNumber ?? null,
        issuingUnit: row.issuingUnit ?? null,
        sourceParagraph: row.sourceParagraph ?? null,
        serviceUrl: row.serviceUrl ?? null,
        ownerUnitId: unitIds.get(row.ownerUnitCode)!,
        categoryIds: (row.categoryCodes ?? []).map((c) => categoryIds.get(c)!),
        tags: row.tags ?? [],
        regionIds: (row.regionCodes ?? []).map((c) => regionIds.get(c)).filter((x): x is number => !!x),
        effectiveFrom: row.effectiveFrom,
        expiresOn: row.expiresOn ?? null,
        internalNote: row.internalNote ?? null,
      },
    });
  });

  await ds.transaction(async (m) => {
    const repo = m.getRepository(KnowledgeEntry);
    const ids = new Map<string, string>([...existing].map(([k, v]) => [k, v.id]));
    const touched: KnowledgeEntry[] = [];
    for (const v of valid) {
      const key = v.entry.externalId!;
      const hash = createHash('md5')
        .update(`${v.entry.title}${v.entry.question ?? ''}${v.entry.body}`)
        .digest('hex');
      const before = existing.get(key);
      const now = new Date();
      if (before && before.hash === hash) {
        results.push({ row: v.index + 1, externalId: key, status: 'unchanged' });
        continue;
      }
      let e: KnowledgeEntry;
      if (before) {
        await repo.update({ id: before.id }, {
          ...v.entry,
          version: () => 'version + 1',
          status: 'published',
          reviewedAt: now,
          publishedAt: now,
          updatedBy: by,
        } as never);
        e = (await repo.findOne({ where: { id: before.id } }))!;
      } else {
        e = await repo.save(repo.create({ ...v.entry, status: 'published', version: 1, reviewedAt: now, publishedAt: now, updatedBy: by }));
      }
      ids.set(key, e.id);
      touched.push(e);
      results.push({ row: v.index + 1, externalId: key, status: before ? 'updated' : 'created' });
    }
    for (const v of valid) {
      const id = ids.get(v.entry.externalId!);
      const source = v.row.sourceExternalId ? ids.get(v.row.sourceExternalId) : undefined;
      const service = v.row.serviceExternalId ? ids.get(v.row.serviceExternalId) : undefined;
      if (id && (source || service)) await repo.update({ id }, { sourceEntryId: source ?? null, serviceEntryId: service ?? null });
    }
    for (const e of touched) {
      await text.writeVector(m, e.id, e);
      const { searchVector: _v, ...snap } = e;
      await m.insert(KnowledgeEntryVersion, {
        entryId: e.id,
        version: e.version,
        snapshot: snap as never,
        action: 'import',
        changedBy: by,
        note: null,
      });
    }
  });
  // Word frequencies for ranking come from the planner's statistics: refresh them after a bulk change.
  if (results.some((r) => r.status === 'created' || r.status === 'updated')) await ds.query('ANALYZE knowledge_entry');
  results.sort((a, b) => a.row - b.row);
  const summary: Record<string, number> = { created: 0, updated: 0, unchanged: 0, error: 0 };
  for (const r of results) summary[r.status] += 1;
  return { results, summary };
}
