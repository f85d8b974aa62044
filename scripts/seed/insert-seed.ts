import type { EntityManager } from 'typeorm';
import type { GeneratedOrders } from './orders';
import type { World } from './reference';
import { ColumnSpec, bulkInsert } from './sql';

const TICKET_COLUMNS: ColumnSpec = [
  ['id', 'bigint'],
  ['no', 'varchar'],
  ['version', 'int'],
  ['state', 'varchar'],
  ['appeal_type', 'varchar'],
  ['urgency', 'varchar'],
  ['channel', 'varchar'],
  ['hotline_id', 'int'],
  ['category_id', 'int'],
  ['tags', 'text[]'],
  ['citizen_name', 'varchar'],
  ['citizen_phone', 'varchar'],
  ['citizen_enterprise', 'varchar'],
  ['confidential', 'boolean'],
  ['anonymous', 'boolean'],
  ['district_id', 'int'],
  ['street_id', 'int'],
  ['community_id', 'int'],
  ['address', 'varchar'],
  ['longitude', 'numeric'],
  ['latitude', 'numeric'],
  ['title', 'varchar'],
  ['content', 'text'],
  ['lead_unit_id', 'int'],
  ['dispatch_level', 'smallint'],
  ['parent_id', 'bigint'],
  ['merged_into_id', 'bigint'],
  ['reopen_round', 'smallint'],
  ['open_children', 'int'],
  ['result', 'varchar'],
  ['reply_text', 'text'],
  ['rework', 'boolean'],
  ['pending_request', 'jsonb'],
  ['closure_kind', 'varchar'],
  ['closure_note', 'text'],
  ['transfer_target', 'varchar'],
  ['return_count', 'smallint'],
  ['extension_count', 'smallint'],
  ['urge_count', 'smallint'],
  ['supervised', 'boolean'],
  ['callback_reached', 'boolean'],
  ['callback_result', 'varchar'],
  ['satisfaction', 'varchar'],
  ['callback_note', 'text'],
  ['sign_due_at', 'timestamptz'],
  ['contact_due_at', 'timestamptz'],
  ['finish_due_at', 'timestamptz'],
  ['extended_due_at', 'timestamptz'],
  ['due_at', 'timestamptz'],
  ['warn_at', 'timestamptz'],
  ['time_limit_rule', 'varchar'],
  ['received_at', 'timestamptz'],
  ['registered_at', 'timestamptz'],
  ['dispatched_at', 'timestamptz'],
  ['signed_at', 'timestamptz'],
  ['first_contact_at', 'timestamptz'],
  ['replied_at', 'timestamptz'],
  ['called_back_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['archived_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['registered_by', 'int'],
];

const FLOW_COLUMNS: ColumnSpec = [
  ['id', 'bigint'],
  ['ticket_id', 'bigint'],
  ['action', 'varchar'],
  ['from_state', 'varchar'],
  ['to_state', 'varchar'],
  ['actor_user_id', 'int'],
  ['actor_unit_id', 'int'],
  ['actor_role', 'varchar'],
  ['opinion', 'text'],
  ['details', 'jsonb'],
  ['created_at', 'timestamptz'],
];

const CO_UNIT_COLUMNS: ColumnSpec = [
  ['ticket_id', 'bigint'],
  ['unit_id', 'int'],
  ['part_reply', 'text'],
  ['replied_at', 'timestamptz'],
];

/** Units first (without heads), then users, then the heads: unit and app_user point at each other. */
export async function insertReference(m: EntityManager, w: World): Promise<void> {
  await bulkInsert(
    m,
    'category',
    [
      ['id', 'int'],
      ['code', 'varchar'],
      ['name', 'varchar'],
      ['level', 'smallint'],
      ['parent_id', 'int'],
      ['sort_order', 'int'],
    ],
    w.categories,
  );
  await bulkInsert(
    m,
    'region',
    [
      ['id', 'int'],
      ['code', 'varchar'],
      ['name', 'varchar'],
      ['level', 'varchar'],
      ['parent_id', 'int'],
    ],
    w.regions,
  );
  await bulkInsert(
    m,
    'unit',
    [
      ['id', 'int'],
      ['code', 'varchar'],
      ['name', 'varchar'],
      ['type', 'varchar'],
      ['parent_id', 'int'],
      ['path', 'varchar'],
      ['region_id', 'int'],
    ],
    w.units,
  );
  await bulkInsert(
    m,
    'app_user',
    [
      ['id', 'int'],
      ['username', 'varchar'],
      ['display_name', 'varchar'],
      ['password_hash', 'varchar'],
      ['role', 'varchar'],
      ['unit_id', 'int'],
      ['phone', 'varchar'],
    ],
    w.users,
  );
  await m.query(
    `UPDATE unit u SET head_user_id = r.head_user_id, deputy_head_user_id = r.deputy_head_user_id
     FROM jsonb_to_recordset($1::jsonb) AS r(id int, head_user_id int, deputy_head_user_id int) WHERE u.id = r.id`,
    [JSON.stringify(w.units.filter((u) => u.head_user_id !== null))],
  );
  await bulkInsert(
    m,
    'hotline',
    [
      ['id', 'int'],
      ['number', 'varchar'],
      ['name', 'varchar'],
      ['mode', 'varchar'],
      ['default_unit_id', 'int'],
      ['default_category_id', 'int'],
      ['active', 'boolean'],
    ],
    w.hotlines.map((h) => h.row),
  );
}

/** Flow ids follow time across all orders, as if the steps had been taken live. */
export async function insertOrders(m: EntityManager, o: GeneratedOrders, firstFlowId: number): Promise<void> {
  await bulkInsert(m, 'ticket', TICKET_COLUMNS, o.tickets, { chunk: 2000 });
  const flows = [...o.flows].sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.seq - b.seq);
  flows.forEach((f, i) => (f.id = firstFlowId + i));
  await bulkInsert(m, 'ticket_flow', FLOW_COLUMNS, flows);
  await bulkInsert(m, 'ticket_co_unit', CO_UNIT_COLUMNS, o.coUnits, { overriding: false });
}
