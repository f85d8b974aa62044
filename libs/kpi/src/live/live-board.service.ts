import { AppConfig } from '@app/common';
import { CallKpi, callKpiSelect, toCallKpi } from '@app/intake';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface LiveBoardFigures {
  at: string;
  /** Calls offered or queued and not yet answered or given up (started within the last hour). */
  callsWaiting: number;
  /** Today's calls (city time), by the one definition of 接通率 and 15秒应答率. */
  callsToday: CallKpi;
  /** Orders received today (top-level orders: sub-dispatches are not new appeals). */
  ordersToday: number;
  /** Top orders a unit holds past the deadline in force, right now (sub-dispatches count with their parent, as in the KPIs). */
  overdueNow: number;
  /** The categories with the most orders received in the last hour. */
  busiestCategoriesLastHour: { categoryId: number | null; name: string; count: number }[];
}

/**
 * 大屏: what the call-centre floor watches, computed in one round trip from the raw tables (each part
 * reads an index: calls by start time, orders by time received, the open-order inbox index).
 */
@Injectable()
export class LiveBoardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async figures(now = new Date()): Promise<LiveBoardFigures> {
    const [row] = (await this.dataSource.query(
      `WITH day AS (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE $2) AT TIME ZONE $2 AS start)
       SELECT
         (SELECT count(*)::int FROM call_record c
           WHERE c.started_at > $1::timestamptz - interval '1 hour' AND c.answered_at IS NULL AND c.abandoned_at IS NULL
             AND c.ended_at IS NULL) AS calls_waiting,
         (SELECT row_to_json(k) FROM (SELECT ${callKpiSelect('$3')} FROM call_record c, day WHERE c.started_at >= day.start AND c.started_at <= $1) k)
           AS calls_today,
         (SELECT count(*)::int FROM ticket t, day WHERE t.received_at >= day.start AND t.received_at <= $1 AND t.parent_id IS NULL) AS orders_today,
         (SELECT count(*)::int FROM ticket t
           WHERE t.state IN ('dispatched','return_requested','in_progress','extension_requested') AND t.due_at < $1
             AND t.parent_id IS NULL) AS overdue_now,
         (SELECT coalesce(json_agg(b ORDER BY b.count DESC, b.name), '[]') FROM (
            SELECT t.category_id AS "categoryId", coalesce(cat.name, '未分类') AS name, count(*)::int AS count
            FROM ticket t LEFT JOIN category cat ON cat.id = t.category_id
            WHERE t.received_at > $1::timestamptz - interval '1 hour' AND t.received_at <= $1 AND t.parent_id IS NULL
            GROUP BY t.category_id, cat.name ORDER BY count(*) DESC, cat.name LIMIT 5) b) AS busiest`,
      [now, this.config.CITY_TIMEZONE, this.config.CTI_ANSWER_WITHIN_SECONDS],
    )) as Record<string, unknown>[];
    return {
      at: now.toISOString(),
      callsWaiting: Number(row.calls_waiting),
      callsToday: toCallKpi((row.calls_today ?? {}) as Record<string, unknown>),
      ordersToday: Number(row.orders_today),
      overdueNow: Number(row.overdue_now),
      busiestCategoriesLastHour: row.busiest as LiveBoardFigures['busiestCategoriesLastHour'],
    };
  }
}
