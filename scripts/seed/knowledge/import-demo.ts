import { ImportRow, KnowledgeText, importEntries } from '@app/knowledge';
import { DataSource } from 'typeorm';
import corpus from './corpus.json';

/** Imports the demo city's knowledge corpus (557 entries); refuses loudly if any row is refused. */
export async function importDemoKnowledge(ds: DataSource): Promise<number> {
  const { results, summary } = await importEntries(ds, new KnowledgeText(ds), corpus as ImportRow[], null);
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length)
    throw new Error(`demo knowledge corpus: ${errors.length} row(s) refused, e.g. row ${errors[0].row}: ${errors[0].message}`);
  return summary.created + summary.updated;
}
