/**
 * The hotline's phone KPIs, defined once (DOMAIN.md "KPIs"), as SQL over call_record rows:
 *
 *   offered            every call offered to agents (one call_record each), by when it came in
 *   answered           answered by an agent (answered_at known)
 *   abandoned          the caller hung up before an answer
 *   接通率              answered / offered
 *   answered within    answered with wait_seconds <= the limit (15 s, GB/T 33358)
 *   15秒应答率          answered within / answered
 *   average wait       mean wait_seconds of the answered calls (平均应答时长)
 *
 * A call whose outcome has not arrived yet (still waiting, or events lost) counts as offered and not
 * answered: a lost event lowers the rate instead of hiding a call. An answered call whose wait is unknown
 * (no offer and no wait in its events) does not count as answered within the limit.
 * Reports and the KPI module reuse `callKpiSelect` and `toCallKpi`; nothing else spells these formulas.
 */

/**
 * The KPI columns for a SELECT over `call_record` (aliased `alias`), aggregated over the rows grouped.
 * `withinParam` is the placeholder holding the answer limit in seconds (e.g. `$3`).
 */
export function callKpiSelect(withinParam: string, alias = 'c'): string {
  const answered = `${alias}.answered_at IS NOT NULL`;
  const within = `${answered} AND ${alias}.wait_seconds <= ${withinParam}::int`;
  return `count(*)::int AS offered,
    count(*) FILTER (WHERE ${answered})::int AS answered,
    count(*) FILTER (WHERE ${alias}.abandoned_at IS NOT NULL AND ${alias}.answered_at IS NULL)::int AS abandoned,
    count(*) FILTER (WHERE ${within})::int AS answered_within,
    round(count(*) FILTER (WHERE ${answered})::numeric / NULLIF(count(*), 0), 4) AS connection_rate,
    round(count(*) FILTER (WHERE ${within})::numeric / NULLIF(count(*) FILTER (WHERE ${answered}), 0), 4) AS answer_within_rate,
    round(avg(${alias}.wait_seconds) FILTER (WHERE ${answered}), 1) AS avg_wait_seconds`;
}

export interface CallKpi {
  offered: number;
  answered: number;
  abandoned: number;
  /** 接通率, 0..1 (4 decimals); null without calls. */
  connectionRate: number | null;
  answeredWithin: number;
  /** 15秒应答率, 0..1 (4 decimals); null without answered calls. */
  answerWithinRate: number | null;
  avgWaitSeconds: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One row of `callKpiSelect` as numbers (PostgreSQL returns numerics as strings). */
export function toCallKpi(row: Record<string, unknown>): CallKpi {
  return {
    offered: Number(row.offered ?? 0),
    answered: Number(row.answered ?? 0),
    abandoned: Number(row.abandoned ?? 0),
    connectionRate: num(row.connection_rate),
    answeredWithin: Number(row.answered_within ?? 0),
    answerWithinRate: num(row.answer_within_rate),
    avgWaitSeconds: num(row.avg_wait_seconds),
  };
}
