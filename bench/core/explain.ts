import { InboxTab, inboxQueries } from '@app/tickets';
import { Client } from 'pg';

/** The inbox's two statements for a handler, exactly as the service sends them. */
export function handlerInboxQueries(tab: InboxTab, handlerUnitId: number, units: number[]) {
  return inboxQueries({ tab, role: 'handler', unitId: handlerUnitId, units, limit: 20 });
}

export interface PlanSummary {
  query: string;
  executionMs: number;
  planningMs: number;
  sharedHit: number;
  sharedRead: number;
  /** One line per plan node, indented by depth: node type, relation, index, rows. */
  nodes: string[];
  indexes: string[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export async function explain(db: Client, query: string, sql: string, params: unknown[]): Promise<PlanSummary> {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const top = rows[0]['QUERY PLAN'][0] as { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number };
  const nodes: string[] = [];
  const indexes = new Set<string>();
  const walk = (n: PlanNode, depth: number) => {
    if (n['Index Name']) indexes.add(n['Index Name']);
    const on = [n['Relation Name'] && `on ${n['Relation Name']}`, n['Index Name'] && `using ${n['Index Name']}`].filter(Boolean).join(' ');
    const rowsOut = (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
    nodes.push(`${'  '.repeat(depth)}${n['Node Type']}${on ? ' ' + on : ''} (rows=${rowsOut}, ${n['Actual Total Time']?.toFixed(2)} ms)`);
    for (const c of n.Plans ?? []) walk(c, depth + 1);
  };
  walk(top.Plan, 0);
  return {
    query,
    executionMs: top['Execution Time'],
    planningMs: top['Planning Time'],
    sharedHit: top.Plan['Shared Hit Blocks'] ?? 0,
    sharedRead: top.Plan['Shared Read Blocks'] ?? 0,
    nodes,
    indexes: [...indexes],
  };
}
