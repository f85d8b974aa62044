import type { Role } from '@app/identity';
import { INBOX_TABS, InboxTab } from './dto/list-tickets.dto';

/** The states in which an order sits in a unit's inbox; the partial index ticket_inbox_idx covers exactly these. */
export const INBOX_STATES = `('dispatched','return_requested','in_progress','extension_requested','replied')`;
export const HANDLING_STATES_SQL = `('dispatched','return_requested','in_progress','extension_requested')`;

export interface InboxQuery {
  tab: InboxTab;
  role: Role;
  unitId: number;
  /** The units whose orders the user sees; null for the whole city. */
  units: number[] | null;
  after?: [string, string];
  limit: number;
}

/** Each tab as a condition on the inbox index's columns (alias i); each implies the index's partial predicate. */
export function tabCondition(tab: InboxTab, role: Role, unitId: number): string {
  switch (tab) {
    case 'to_sign':
      return `i.state = 'dispatched'`;
    case 'in_progress':
      return `i.state IN ('in_progress','extension_requested','return_requested')`;
    case 'due_soon':
      // From the yellow card (one working day before the deadline, on the calendar) until the deadline.
      return `i.state IN ${HANDLING_STATES_SQL} AND i.warn_at <= now() AND i.due_at > now()`;
    case 'overdue':
      return `i.state IN ${HANDLING_STATES_SQL} AND i.due_at < now()`;
    case 'returned':
      return `i.state = 'in_progress' AND i.rework`;
    case 'awaiting_approval':
      if (role === 'handler') return `i.state = 'replied' AND i.parent_id IS NOT NULL AND i.lead_unit_id <> ${Number(unitId)}`;
      if (role === 'dispatcher' || role === 'supervisor') {
        return `i.state IN ('return_requested','extension_requested','replied') AND (i.state <> 'replied' OR i.parent_id IS NULL)`;
      }
      return 'false';
  }
}

/**
 * The inbox's two statements: a page of one tab (ids from ticket_inbox_idx, index-only, then the rows
 * by id) and every tab's count (index-only). Shared by the service and the benchmark's EXPLAIN.
 */
export function inboxQueries(q: InboxQuery): { page: { sql: string; params: unknown[] }; counts: { sql: string; params: unknown[] } } {
  const unitClause = q.units ? `i.lead_unit_id = ANY($1) AND ` : '';
  const params: unknown[] = q.units ? [q.units] : [];
  let after = '';
  if (q.after) {
    params.push(...q.after);
    after = ` AND (i.due_at, i.id) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
  }
  const counts = INBOX_TABS.map((k) => `count(*) FILTER (WHERE ${tabCondition(k, q.role, q.unitId)})::int AS ${k}`).join(', ');
  return {
    page: {
      sql: `SELECT t.* FROM ticket t
              JOIN (SELECT i.id, i.due_at FROM ticket i
                     WHERE ${unitClause}${tabCondition(q.tab, q.role, q.unitId)}${after}
                     ORDER BY i.due_at, i.id LIMIT ${Number(q.limit) + 1}) p ON p.id = t.id
             ORDER BY p.due_at, p.id`,
      params,
    },
    counts: { sql: `SELECT ${counts} FROM ticket i WHERE ${unitClause}i.state IN ${INBOX_STATES}`, params: q.units ? [q.units] : [] },
  };
}
