import { AppConfig, JOBS } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One new order, as the columns it is written with. */
export interface NewTicketRow {
  appeal_type: string;
  urgency: string;
  channel: string;
  hotline_id: number | null;
  category_id: number | null;
  tags: string[];
  citizen_name: string | null;
  citizen_phone: string | null;
  citizen_enterprise: string | null;
  confidential: boolean;
  anonymous: boolean;
  /** The citizen agreed that the order may be shown publicly, without personal data (Open311 lists, public pages). */
  publishable?: boolean;
  district_id: number | null;
  street_id: number | null;
  community_id: number | null;
  address: string | null;
  longitude: number | null;
  latitude: number | null;
  title: string;
  content: string;
  received_at: string | null;
  registered_by: number | null;
  actor_unit_id: number | null;
  actor_role: string;
  /** Units whose rooms hear of the new order. */
  audience: number[];
}

interface Pending {
  row: NewTicketRow;
  resolve: (row: Record<string, unknown>) => void;
  reject: (e: unknown) => void;
}

/** At most this many statements in flight; the rest of the pool stays free for everything else. */
const MAX_FLIGHTS = 6;
const MAX_BATCH = 100;

/**
 * The order, its `register` flow record and its `ticket.created` event, written in ONE statement
 * (so one commit): an acknowledged appeal is durable. Registrations that arrive while statements are
 * in flight share the next one (group commit): no waiting at low load, far fewer commits and round
 * trips at peak. Each caller gets its own row back only after the commit.
 */
@Injectable()
export class RegistrationWriter {
  private readonly queue: Pending[] = [];
  private flights = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  write(row: NewTicketRow): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.flights < MAX_FLIGHTS && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.flights += 1;
      void this.flush(batch).finally(() => {
        this.flights -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const rows = await this.insertRows(batch.map((p) => p.row));
      batch.forEach((p, i) => p.resolve(rows[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      // One bad row must not fail its neighbours: write them one by one, each failing on its own.
      await Promise.all(batch.map((p) => this.flush([p])));
    }
  }

  /**
   * Writes the rows now, with no batching: inside the caller's transaction when `m` is given (intake
   * writes its record and the order in one commit), else in a statement of its own.
   */
  async insertRows(rows: NewTicketRow[], m?: EntityManager): Promise<Record<string, unknown>[]> {
    const input = rows.map((r, ord) => ({ ...r, ord }));
    const result: (Record<string, unknown> & { ord: number })[] = await (m ?? this.dataSource).query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           ord int, appeal_type text, urgency text, channel text, hotline_id int, category_id int, tags text[],
           citizen_name text, citizen_phone text, citizen_enterprise text, confidential boolean, anonymous boolean, publishable boolean,
           district_id int, street_id int, community_id int, address text, longitude numeric, latitude numeric,
           title text, content text, received_at timestamptz, registered_by int, actor_unit_id int, actor_role text, audience jsonb)
       ), numbered AS MATERIALIZED (
         SELECT input.*, nextval(pg_get_serial_sequence('ticket', 'id')) AS new_id, next_ticket_no($2) AS new_no
         FROM input ORDER BY ord
       ), t AS (
         INSERT INTO ticket (id, no, state, appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone,
           citizen_enterprise, confidential, anonymous, publishable, district_id, street_id, community_id, address, longitude, latitude,
           title, content, received_at, registered_by)
         SELECT new_id, new_no, 'registered', appeal_type, urgency, channel, hotline_id, category_id, coalesce(tags, '{}'), citizen_name,
           citizen_phone, citizen_enterprise, confidential, anonymous, coalesce(publishable, false), district_id, street_id, community_id, address, longitude, latitude,
           title, content, coalesce(received_at, now()), registered_by
         FROM numbered
         RETURNING *
       ), f AS (
         INSERT INTO ticket_flow (ticket_id, action, from_state, to_state, actor_user_id, actor_unit_id, actor_role)
         SELECT new_id, 'register', NULL, 'registered', registered_by, actor_unit_id, actor_role FROM numbered
       ), o AS (
         INSERT INTO outbox_event (type, aggregate_id, payload)
         SELECT $3, t.id, jsonb_build_object(
           'audience', jsonb_build_object('unitIds', n.audience, 'ticketId', t.id::text),
           'data', jsonb_build_object('id', t.id::text, 'no', t.no, 'state', t.state, 'version', t.version, 'action', 'register',
                                      'channel', t.channel, 'urgency', t.urgency, 'categoryId', t.category_id, 'leadUnitId', NULL),
           'occurredAt', now())
         FROM t JOIN numbered n ON n.new_id = t.id
       )
       SELECT n.ord, t.* FROM t JOIN numbered n ON n.new_id = t.id`,
      [JSON.stringify(input), this.config.CITY_TIMEZONE, JOBS.domainEvents.ticketCreated],
    );
    const byOrd = new Array<Record<string, unknown>>(rows.length);
    for (const r of result) byOrd[r.ord] = r;
    return byOrd;
  }
}
