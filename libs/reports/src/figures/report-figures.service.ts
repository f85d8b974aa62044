import { AppConfig } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { KpiCatalog, KpiCell, KpiService, addDays } from '@app/kpi';
import { APPEAL_TYPE_LABELS, AppealType, CHANNEL_LABELS, Channel, STATE_LABELS, TicketAccess, TicketState } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { suggestCases } from '../cases/case-suggestions';
import { keywordHotspots } from '../keywords';
import type { ReportPeriod, ReportScope, ReportScopeLevel } from '../render/report-model';
import { ReportErrors } from '../report.errors';
import { REPORT_COUNTERS, ReportCounter, ReportDimension, reportGrainFor } from '../rollup/report-grains';
import type {
  CategoryRow,
  DimensionRow,
  HotlineOperations,
  OrderCounts,
  RateFigure,
  ReportFigures,
  StreetRow,
  ThreePeriods,
  UnitLeagueRow,
} from './report-figures';
import { asOf, monthsOf } from './report-period';

/** A scope as asked for: the city, a district (region id) or a unit (with its sub-units). */
export interface ScopeRequest {
  level: ReportScopeLevel;
  id?: number;
}

/** A scope checked against the user and resolved to the rollup filter. */
export interface ResolvedScope extends ReportScope {
  id?: string;
  /** The rollup column and values it filters by; none for the city. */
  filter: { column: 'district_id'; ids: number[] } | { column: 'unit_id'; ids: number[] } | null;
  /** The unit whose subtree a unit scope covers. */
  unitId?: number;
}

type PeriodKey = keyof ThreePeriods<unknown>;
const PERIOD_KEYS: PeriodKey[] = ['current', 'previous', 'lastYear'];
const COUNTER_FIELDS: Record<ReportCounter, keyof OrderCounts> = {
  received: 'received',
  accepted: 'accepted',
  merged: 'merged',
  first_contact: 'firstContact',
  closed: 'closed',
  supervised: 'supervised',
  urged: 'urged',
  reopened: 'reopened',
};
const LEAGUE_KPIS = ['onTimeCompletionRate', 'satisfactionRate', 'responseRate', 'resolutionRate', 'threeRateScore'] as const;
const CITY_NAME = '本市';

/** The cuts the order figures are folded from (see compute). */
export const ORDER_CUTS: ReportDimension[][] = [
  [],
  ['channel', 'hotline_id', 'appeal_type', 'state'],
  ['category_id'],
  ['district_id', 'street_id', 'unit_id'],
];

/** A KPI cell as the report keeps it: counts as numbers, the target and the flag only when there are. */
const rateFigure = (c: KpiCell): RateFigure => ({
  value: c.value,
  numerator: c.numerator ?? 0,
  denominator: c.denominator ?? 0,
  ...(c.target !== undefined ? { target: c.target } : {}),
  ...(c.belowTarget ? { belowTarget: true } : {}),
});

const zeroCounts = (): OrderCounts => ({
  received: 0,
  accepted: 0,
  merged: 0,
  firstContact: 0,
  closed: 0,
  supervised: 0,
  urged: 0,
  reopened: 0,
});

export interface SumRow {
  month: string;
  [column: string]: string | number;
}

/**
 * Reads every figure of the hotspot report from the rollups: report_daily's monthly projections for the
 * order counts, the KPI module (kpi_daily, kpi_call_daily) for the league table and the hotline figures,
 * the term rollup for keywords. Each query reads the months of the three periods only, so the cost
 * follows the number of distinct cuts, not the number of orders.
 */
@Injectable()
export class ReportFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: KpiCatalog,
    private readonly units: UnitDirectory,
    private readonly access: TicketAccess,
    private readonly kpi: KpiService,
    private readonly config: AppConfig,
  ) {}

  /** Checks that the user may see the scope and names it. */
  async resolveScope(user: AuthUser, req: ScopeRequest): Promise<ResolvedScope> {
    const scope = await this.access.scopeOf(user);
    await this.catalog.ensure();
    if (req.level === 'city') {
      if (!scope.all) throw ReportErrors.scopeNotVisible('city', 0);
      return { level: 'city', name: CITY_NAME, filter: null };
    }
    if (req.id === undefined || !Number.isInteger(req.id) || req.id <= 0)
      throw ReportErrors.badScope('区或单位范围须给出 scopeId', { level: req.level });
    if (req.level === 'district') {
      const region = this.catalog.region(req.id);
      if (!region || region.level !== 'district') throw ReportErrors.badScope(`区 ${req.id} 不存在`, { scopeId: req.id });
      if (!scope.all) {
        const own = (await this.dataSource.query(`SELECT 1 FROM unit WHERE id = ANY($1) AND type = 'district' AND region_id = $2 LIMIT 1`, [
          scope.unitIds,
          req.id,
        ])) as unknown[];
        if (own.length === 0) throw ReportErrors.scopeNotVisible('district', req.id);
      }
      return { level: 'district', id: String(req.id), name: region.name, filter: { column: 'district_id', ids: [req.id] } };
    }
    if (req.level === 'unit') {
      const unit = await this.units.get(req.id);
      if (!unit) throw ReportErrors.badScope(`单位 ${req.id} 不存在`, { scopeId: req.id });
      if (!TicketAccess.covers(scope, req.id)) throw ReportErrors.scopeNotVisible('unit', req.id);
      return {
        level: 'unit',
        id: String(req.id),
        name: unit.name,
        unitId: req.id,
        filter: { column: 'unit_id', ids: await this.units.subtree(req.id) },
      };
    }
    throw ReportErrors.badScope('范围须为 city、district 或 unit', { level: req.level });
  }

  /** Orders received in the scope over [from, to): the "no data" check before a job starts. */
  async receivedIn(scope: ResolvedScope, range: { from: string; to: string }): Promise<number> {
    const rows = await this.sumBy([], scope, monthsOf(range));
    return rows.reduce((s, r) => s + Number(r.received), 0);
  }

  async compute(
    user: AuthUser,
    scope: ResolvedScope,
    period: ReportPeriod /** Called as each later stage starts; throws to stop (a cancelled job). */,
    stage: (name: string) => Promise<void> = async () => undefined,
  ): Promise<ReportFigures> {
    await this.catalog.ensure();
    const months: Record<PeriodKey, string[]> = {
      current: monthsOf(period),
      previous: monthsOf(period.previous),
      lastYear: monthsOf(period.samePeriodLastYear),
    };
    const all = [...new Set(PERIOD_KEYS.flatMap((k) => months[k]))].sort();
    const fold = (rows: SumRow[], keyOf: (r: SumRow) => string | null, counter: ReportCounter = 'received') => {
      const out = new Map<string, ThreePeriods<number>>();
      for (const r of rows) {
        const key = keyOf(r);
        if (key === null) continue;
        let acc = out.get(key);
        if (!acc) out.set(key, (acc = { current: 0, previous: 0, lastYear: 0 }));
        for (const p of PERIOD_KEYS) if (months[p].includes(r.month)) acc[p] += Number(r[counter]);
      }
      return out;
    };
    const toRows = (m: Map<string, ThreePeriods<number>>, label: (key: string) => string): DimensionRow[] =>
      [...m.entries()]
        .map(([key, v]) => ({ key, label: label(key), ...v }))
        .sort((a, b) => b.current - a.current || b.lastYear - a.lastYear || a.key.localeCompare(b.key, 'en', { numeric: true }));

    const [totalRows, smallRows, categoryRows, placeRows] = await this.orderRows(scope, all);
    await stage('figures.kpi');

    const totals = {} as ThreePeriods<OrderCounts>;
    for (const p of PERIOD_KEYS) {
      totals[p] = zeroCounts();
      for (const r of totalRows)
        if (months[p].includes(r.month)) for (const c of REPORT_COUNTERS) totals[p][COUNTER_FIELDS[c]] += Number(r[c]);
    }
    const byMonth = new Map(totalRows.map((r) => [r.month, Number(r.received)]));
    const monthly = months.current.map((m, i) => ({
      month: m.slice(0, 7),
      label: `${Number(m.slice(5, 7))}月`,
      current: byMonth.get(m) ?? 0,
      lastYear: byMonth.get(months.lastYear[i]) ?? 0,
    }));

    const stateCounts = fold(smallRows, (r) => String(r.state));
    const states = [...stateCounts.entries()]
      .filter(([, v]) => v.current > 0)
      .map(([key, v]) => ({ key, label: STATE_LABELS[key as TicketState] ?? key, count: v.current }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const channels = toRows(
      fold(smallRows, (r) => String(r.channel)),
      (k) => CHANNEL_LABELS[k as Channel] ?? k,
    );
    const hotlines = toRows(
      fold(smallRows, (r) => (r.channel === 'phone' && Number(r.hotline_id) ? String(r.hotline_id) : null)),
      (k) => this.catalog.labelSync('hotline', Number(k)),
    );
    const appealTypes = toRows(
      fold(smallRows, (r) => String(r.appeal_type)),
      (k) => APPEAL_TYPE_LABELS[k as AppealType] ?? k,
    );

    const categories: CategoryRow[] = [];
    for (const level of [1, 2, 3] as const) {
      const rows = toRows(
        fold(categoryRows, (r) => {
          const at = Number(r.category_id) ? this.catalog.categoryAt(Number(r.category_id), level) : null;
          return at === null ? null : String(at);
        }),
        (k) => this.catalog.labelSync('category1', Number(k)),
      );
      for (const row of rows) {
        const top = level > 1 ? this.catalog.categoryAt(Number(row.key), 1) : null;
        categories.push({ ...row, level, ...(top ? { parentLabel: this.catalog.labelSync('category1', top) } : {}) });
      }
    }

    const districtFold = fold(placeRows, (r) => String(r.district_id));
    const districts = toRows(districtFold, (k) => this.catalog.labelSync('district', Number(k)));
    const streets: StreetRow[] = toRows(
      fold(placeRows, (r) => `${r.district_id}:${r.street_id}`),
      (k) => this.catalog.labelSync('street', Number(k.split(':')[1])),
    ).map((row) => {
      const [districtKey, streetKey] = row.key.split(':');
      return { ...row, key: streetKey, districtKey, district: this.catalog.labelSync('district', Number(districtKey)) };
    });
    const heatDistricts = districts.filter((d) => d.current > 0);
    const cell = new Map<string, number>();
    for (const r of placeRows) {
      if (!months.current.includes(r.month)) continue;
      const k = `${r.district_id}|${r.month}`;
      cell.set(k, (cell.get(k) ?? 0) + Number(r.received));
    }
    const districtMonths = {
      districts: heatDistricts.map((d) => d.label),
      months: monthly.map((m) => m.label),
      values: heatDistricts.map((d) => months.current.map((m) => cell.get(`${d.key}|${m}`) ?? 0)),
    };

    const unitReceived = fold(placeRows, (r) => String(r.unit_id));
    const units = await this.league(user, scope, period, unitReceived);
    await stage('figures.text');

    const mergedByLeaf = fold(categoryRows, (r) => String(r.category_id), 'merged');
    const receivedByLeaf = fold(categoryRows, (r) => String(r.category_id));
    const topRepeatedCategories = [...mergedByLeaf.entries()]
      .filter(([key, v]) => v.current > 0 && key !== '0')
      .map(([key, v]) => ({
        key,
        label: this.catalog.labelSync('category3', Number(key)),
        merged: v.current,
        received: receivedByLeaf.get(key)?.current ?? 0,
      }))
      .sort((a, b) => b.merged - a.merged || a.key.localeCompare(b.key, 'en', { numeric: true }))
      .slice(0, 10);
    const three = (c: keyof OrderCounts): ThreePeriods<number> => ({
      current: totals.current[c],
      previous: totals.previous[c],
      lastYear: totals.lastYear[c],
    });

    const caseScope = { level: scope.level, ...(scope.filter ? { id: scope.level === 'district' ? Number(scope.id) : scope.unitId } : {}) };
    const [caseSuggestions, keywords, hotline] = await Promise.all([
      suggestCases(this.dataSource, { scope: caseScope, from: period.from, to: period.to, limit: 5, timezone: this.config.CITY_TIMEZONE }),
      keywordHotspots(this.dataSource, {
        scope: caseScope,
        current: period,
        lastYear: period.samePeriodLastYear,
        currentOrders: totals.current.received,
        lastYearOrders: totals.lastYear.received,
        limit: 20,
      }),
      this.hotlineOperations(user, scope, period),
    ]);

    return {
      scope: { level: scope.level, ...(scope.id ? { id: scope.id } : {}), name: scope.name },
      period: asOf(period, this.kpi.cal.today()),
      computedAt: new Date().toISOString(),
      totals,
      monthly,
      states,
      channels,
      hotlines,
      appealTypes,
      categories,
      districts,
      streets,
      districtMonths,
      units,
      repeat: {
        merged: three('merged'),
        reopened: three('reopened'),
        supervised: three('supervised'),
        urged: three('urged'),
        topRepeatedCategories,
      },
      caseSuggestions,
      hotline,
      keywords,
    };
  }

  /** The four cuts every order figure is folded from: totals, the small dimensions, categories, places and units. */
  orderRows(scope: ResolvedScope, months: string[]): Promise<SumRow[][]> {
    return Promise.all(ORDER_CUTS.map((cut) => this.sumBy(cut, scope, months)));
  }

  /** The order cuts of a period's report (its three periods), for the benchmark's side-by-side with the raw table. */
  orderFigures(scope: ResolvedScope, period: ReportPeriod): Promise<SumRow[][]> {
    const months = [...new Set([period, period.previous, period.samePeriodLastYear].flatMap(monthsOf))].sort();
    return this.orderRows(scope, months);
  }

  /**
   * The report rollup summed by month and `columns` over `months`, from the smallest grain that keeps the
   * columns and the scope's filter column.
   */
  async sumBy(columns: ReportDimension[], scope: ResolvedScope, months: string[]): Promise<SumRow[]> {
    const need: ReportDimension[] = [...columns, ...(scope.filter ? [scope.filter.column] : [])];
    const grain = reportGrainFor(need);
    const params: unknown[] = [grain.id, months];
    let where = `grain = $1 AND day = ANY($2::date[])`;
    if (scope.filter) {
      params.push(scope.filter.ids);
      where += ` AND ${scope.filter.column} = ANY($3::int[])`;
    }
    // The full grain is daily: fold its days into months.
    const month = grain.monthly ? 'day' : `date_trunc('month', day)::date`;
    if (!grain.monthly) where = where.replace('day = ANY($2::date[])', `date_trunc('month', day)::date = ANY($2::date[])`);
    const rows = (await this.dataSource.query(
      `SELECT ${month}::text AS month${columns.map((c) => `, ${c}`).join('')}, ${REPORT_COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
       FROM report_daily WHERE ${where} GROUP BY ${[month, ...columns].join(', ')}`,
      params,
    )) as SumRow[];
    return rows;
  }

  /** The unit league from the KPI module, over the period, with each unit's received orders. */
  private async league(
    user: AuthUser,
    scope: ResolvedScope,
    period: ReportPeriod,
    received: Map<string, ThreePeriods<number>>,
  ): Promise<UnitLeagueRow[]> {
    const to = this.clampTo(period.to);
    const table = await this.kpi.table(user, {
      period: 'custom',
      from: period.from,
      to,
      groupBy: 'unit',
      kpis: LEAGUE_KPIS.join(','),
      ...(scope.level === 'district' ? { districtId: Number(scope.id) } : {}),
      ...(scope.level === 'unit' ? { unitId: scope.unitId, includeSubUnits: true } : {}),
    });
    return table.rows
      .filter((r) => r.key !== null && Number(r.key) !== 0)
      .map((r) => {
        const figures = Object.fromEntries(LEAGUE_KPIS.map((k) => [k, rateFigure(r.kpis[k])])) as Record<
          (typeof LEAGUE_KPIS)[number],
          RateFigure
        >;
        return {
          unitId: Number(r.key),
          unit: r.label,
          received: received.get(String(r.key))?.current ?? 0,
          ...figures,
          belowTarget: LEAGUE_KPIS.filter((k) => figures[k].belowTarget),
        };
      })
      .filter((r) => r.received > 0 || LEAGUE_KPIS.some((k) => r[k].denominator > 0));
  }

  /** Calls are the city's (a line is not a district's or a unit's): a district or unit report has none. */
  private async hotlineOperations(user: AuthUser, scope: ResolvedScope, period: ReportPeriod): Promise<HotlineOperations> {
    const empty: HotlineOperations = {
      offered: 0,
      answered: 0,
      answeredWithin: 0,
      connectionRate: { value: null, numerator: 0, denominator: 0 },
      answer15Rate: { value: null, numerator: 0, denominator: 0 },
      avgWaitSeconds: null,
      agents: 0,
      byHotline: [],
    };
    if (scope.level !== 'city') return empty;
    const to = this.clampTo(period.to);
    const table = await this.kpi.table(user, {
      period: 'custom',
      from: period.from,
      to,
      groupBy: 'hotline',
      kpis: 'connectionRate,answer15Rate',
    });
    const tz = this.config.CITY_TIMEZONE;
    const waits = (await this.dataSource.query(
      `SELECT hotline_id, avg(wait_seconds) FILTER (WHERE answered_at IS NOT NULL)::float8 AS wait, count(DISTINCT agent_user_id)::int AS agents
       FROM call_record WHERE started_at >= ($1::date::timestamp AT TIME ZONE $3) AND started_at < ($2::date::timestamp AT TIME ZONE $3)
       GROUP BY ROLLUP (hotline_id)`,
      [period.from, to, tz],
    )) as { hotline_id: number | null; wait: number | null; agents: number }[];
    const waitOf = (id: number | null) => waits.find((w) => w.hotline_id === id);
    const round1 = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
    const total = table.total.kpis;
    if (!total.connectionRate?.denominator) return empty;
    return {
      offered: total.connectionRate.denominator ?? 0,
      answered: total.connectionRate.numerator ?? 0,
      answeredWithin: total.answer15Rate.numerator ?? 0,
      connectionRate: rateFigure(total.connectionRate),
      answer15Rate: rateFigure(total.answer15Rate),
      avgWaitSeconds: round1(waitOf(null)?.wait),
      agents: waitOf(null)?.agents ?? 0,
      byHotline: table.rows
        .filter((r) => r.key !== null && (r.kpis.connectionRate.denominator ?? 0) > 0)
        .map((r) => {
          const h = this.catalog.hotlineById(Number(r.key));
          return {
            hotlineId: Number(r.key),
            number: h?.number ?? String(r.key),
            name: h?.name ?? r.label,
            offered: r.kpis.connectionRate.denominator ?? 0,
            answered: r.kpis.connectionRate.numerator ?? 0,
            connectionRate: r.kpis.connectionRate.value,
            answer15Rate: r.kpis.answer15Rate.value,
            avgWaitSeconds: round1(waitOf(Number(r.key))?.wait),
          };
        })
        .sort((a, b) => b.offered - a.offered || a.hotlineId - b.hotlineId),
    };
  }

  /** The KPI module refuses ranges that end after today: a period still running is read up to today. */
  private clampTo(to: string): string {
    const tomorrow = addDays(this.kpi.cal.today(), 1);
    return to > tomorrow ? tomorrow : to;
  }
}
