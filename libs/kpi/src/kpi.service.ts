import { AppConfig } from '@app/common';
import { AuthUser } from '@app/identity';
import { CHANNELS, Channel, TicketAccess } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CityCalendar, bucketLabel } from './city-calendar';
import { DIMENSIONS, DIMENSION_KEYS, Dimension, KpiCatalog } from './kpi-catalog';
import { KPI_BY_KEY, KPI_DEFINITIONS, KpiDefinition, missesTarget, parseTargets, parseWeights, rateOf, scoreOf } from './kpi-definitions';
import { DateRange, resolveRange } from './kpi-period';
import { CallCounts, callCounts } from './kpi-calls';
import { KpiFilters, callsApply, orderExpressions, orderSumsQuery } from './kpi-query';
import { KpiErrors } from './kpi.errors';

/** What a KPI table is asked for (GET /kpi and the exports). */
export interface KpiQuery {
  kpis?: string;
  period?: string;
  from?: string;
  to?: string;
  groupBy?: string;
  unitId?: number;
  includeSubUnits?: boolean;
  districtId?: number;
  streetId?: number;
  categoryId?: number;
  channel?: string;
  hotline?: string;
}

export interface KpiCell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target?: number;
  /** Misses the target: below it, or above it for KPIs where lower is better. */
  belowTarget?: boolean;
  /** false: the KPI cannot be cut this way (phone KPIs by unit, place or category). */
  applicable?: boolean;
}

export interface KpiRow {
  key: string | number | null;
  label: string;
  kpis: Record<string, KpiCell>;
}

export interface KpiTable {
  range: DateRange;
  groupBy: Dimension | null;
  groupLabel: string | null;
  kpis: { key: string; label: string; kind: string; direction: string; target?: number }[];
  rows: KpiRow[];
  total: KpiRow;
  /** The rollup grain that answered (for the curious and the benchmark). */
  grain: number | null;
}

interface Acc {
  sums: number[];
  call: CallCounts | null;
}

@Injectable()
export class KpiService {
  readonly cal: CityCalendar;
  private readonly weights: number[];
  private readonly targets: Map<string, number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: KpiCatalog,
    private readonly access: TicketAccess,
    private readonly config: AppConfig,
  ) {
    this.cal = new CityCalendar(config.CITY_TIMEZONE);
    this.weights = parseWeights(config.KPI_WEIGHTS);
    this.targets = parseTargets(config.KPI_TARGETS);
  }

  definitions() {
    return KPI_DEFINITIONS.map((d) => ({
      key: d.key,
      label: d.label,
      kind: d.kind,
      source: d.source,
      attributedBy: d.attributedBy,
      direction: d.direction,
      formula: d.formula,
      numerator: d.numerator ?? (d.calls ? `call_record: ${d.calls.numerator}` : null),
      denominator: d.denominator ?? (d.calls ? `call_record: ${d.calls.denominator}` : null),
      parts: d.parts ?? null,
      weights: d.parts ? this.weights : null,
      target: this.targets.get(d.key) ?? null,
      example: d.example,
    }));
  }

  /** A KPI table: the KPIs asked for (all by default) over a range, cut by one dimension, with a total row. */
  async table(user: AuthUser, q: KpiQuery, targets: Map<string, number> = this.targets): Promise<KpiTable> {
    const defs = this.pickKpis(q.kpis);
    const dim = this.pickDimension(q.groupBy);
    const today = this.cal.today();
    const range = resolveRange(q, today);
    await this.catalog.ensure();
    const f = await this.filters(user, q);

    const needed = new Map<string, KpiDefinition>();
    for (const d of defs) for (const k of [d.key, ...(d.parts ?? [])]) needed.set(k, KPI_BY_KEY.get(k)!);
    const orderDefs = [...needed.values()].filter((d) => d.source === 'orders');
    const callsOk = callsApply(dim, f);
    const wantCalls = callsOk && [...needed.values()].some((d) => d.source === 'calls');
    const { exprs, slots } = orderExpressions(orderDefs);

    const rows = new Map<string, Acc>();
    const total: Acc = { sums: exprs.map(() => 0), call: null };
    const acc = (key: string | number | null) => {
      const k = key === null ? '' : String(key);
      let a = rows.get(k);
      if (!a) rows.set(k, (a = { sums: exprs.map(() => 0), call: null }));
      return a;
    };
    let grain: number | null = null;

    const [orderRows, callRows] = await Promise.all([
      exprs.length ? this.runOrderQuery(exprs, dim, range, f, today).then((r) => ((grain = r.grain), r.rows)) : [],
      wantCalls ? this.runCallQuery(dim, range, f, today) : new Map<string, CallCounts>(),
    ]);
    for (const r of orderRows) {
      const sums = exprs.map((_, i) => Number(r[`e${i}`] ?? 0));
      sums.forEach((v, i) => (total.sums[i] += v));
      if (!dim) continue;
      for (const key of await this.foldKeys(dim, r.k, f, q.includeSubUnits === true)) {
        const a = acc(key);
        sums.forEach((v, i) => (a.sums[i] += v));
      }
    }
    for (const [key, counts] of callRows) {
      if (key === '') total.call = counts;
      else if (dim && counts.offered > 0) acc(key).call = counts;
    }

    const cellsOf = (a: Acc): Record<string, KpiCell> => {
      const cells: Record<string, KpiCell> = {};
      const cell = (d: KpiDefinition): KpiCell => {
        if (cells[d.key]) return cells[d.key];
        let c: KpiCell;
        if (d.source === 'orders') {
          const s = slots.get(d.key)!;
          const n = a.sums[s.n];
          const den = s.d === null ? null : a.sums[s.d];
          c = { value: den === null ? n : rateOf(n, den), numerator: n, denominator: den };
        } else if (d.source === 'calls') {
          const n = a.call?.[d.calls!.numerator] ?? 0;
          const den = a.call?.[d.calls!.denominator] ?? 0;
          c = callsOk
            ? { value: rateOf(n, den), numerator: n, denominator: den }
            : { value: null, numerator: null, denominator: null, applicable: false };
        } else {
          const parts = d.parts!.map((p) => cell(KPI_BY_KEY.get(p)!).value);
          c = { value: scoreOf(parts, this.weights), numerator: null, denominator: null };
        }
        const target = targets.get(d.key);
        if (target !== undefined && c.applicable !== false) c = { ...c, target, belowTarget: missesTarget(d, c.value, target) };
        return (cells[d.key] = c);
      };
      const out: Record<string, KpiCell> = {};
      for (const d of defs) out[d.key] = cell(d);
      return out;
    };

    const keyOf = (k: string): string | number | null => {
      if (k === '' || k === '0') return null;
      return dim === 'period' || dim === 'channel' ? k : Number(k);
    };
    const out: KpiRow[] = [];
    for (const [k, a] of rows) {
      const key = keyOf(k);
      const label = dim === 'period' ? bucketLabel(k, range.bucket) : await this.catalog.label(dim!, key);
      out.push({ key, label, kpis: cellsOf(a) });
    }
    out.sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      range,
      groupBy: dim,
      groupLabel: dim ? DIMENSIONS[dim].label : null,
      kpis: defs.map((d) => ({ key: d.key, label: d.label, kind: d.kind, direction: d.direction, target: targets.get(d.key) })),
      rows: out,
      total: { key: null, label: '合计', kpis: cellsOf(total) },
      grain,
    };
  }

  /** A league table: rows of one dimension (units by default) ranked by one KPI, those missing the target flagged. */
  async league(user: AuthUser, q: Omit<KpiQuery, 'kpis' | 'groupBy'> & { kpi: string; by?: string; target?: number }) {
    const def = KPI_BY_KEY.get(q.kpi);
    if (!def) throw KpiErrors.unknownKpi([q.kpi], [...KPI_BY_KEY.keys()]);
    const by = this.pickDimension(q.by ?? (def.source === 'calls' ? 'hotline' : 'unit'));
    if (by === null || by === 'period')
      throw KpiErrors.unknownDimension(
        'by',
        String(q.by),
        DIMENSION_KEYS.filter((d) => d !== 'period'),
      );
    if (def.source === 'calls' && by !== 'hotline') throw KpiErrors.notApplicable(def.key, by);
    const targets = new Map(this.targets);
    if (q.target !== undefined) targets.set(def.key, q.target);
    const { kpi: _k, by: _b, target: _t, ...rest } = q;
    const t = await this.table(user, { ...rest, kpis: def.key, groupBy: by }, targets);
    const better = (a: number, b: number) => (def.direction === 'higher' ? b - a : a - b);
    const ranked = t.rows
      .filter((r) => r.key !== null)
      .map((r) => ({ key: r.key, label: r.label, ...r.kpis[def.key] }))
      .sort(
        (a, b) =>
          (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) ||
          (a.value !== null && b.value !== null ? better(a.value, b.value) : 0) ||
          (b.denominator ?? 0) - (a.denominator ?? 0) ||
          String(a.key).localeCompare(String(b.key), 'en', { numeric: true }),
      );
    let rank = 0;
    const rows = ranked.map((r, i) => {
      if (i === 0 || r.value !== ranked[i - 1].value) rank = i + 1;
      return { rank: r.value === null ? null : rank, ...r };
    });
    return {
      kpi: { key: def.key, label: def.label, kind: def.kind, direction: def.direction },
      by,
      byLabel: DIMENSIONS[by].label,
      range: t.range,
      target: targets.get(def.key) ?? null,
      rows,
      total: t.total.kpis[def.key],
      belowTarget: rows.filter((r) => r.belowTarget).length,
    };
  }

  private pickKpis(list?: string): KpiDefinition[] {
    if (!list) return [...KPI_DEFINITIONS];
    const keys = [
      ...new Set(
        list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = keys.filter((k) => !KPI_BY_KEY.has(k));
    if (unknown.length || !keys.length) throw KpiErrors.unknownKpi(unknown.length ? unknown : [list], [...KPI_BY_KEY.keys()]);
    return keys.map((k) => KPI_BY_KEY.get(k)!);
  }

  private pickDimension(groupBy?: string): Dimension | null {
    if (groupBy === undefined || groupBy === '') return null;
    if (!DIMENSION_KEYS.includes(groupBy as Dimension)) throw KpiErrors.unknownDimension('groupBy', groupBy, DIMENSION_KEYS);
    return groupBy as Dimension;
  }

  /** The cuts asked for, checked and resolved; a handler is kept inside their unit's subtree. */
  private async filters(user: AuthUser, q: KpiQuery): Promise<KpiFilters> {
    const scope = await this.access.scopeOf(user);
    const units = this.catalog.units;
    let unitIds: number[] | null = null;
    let baseUnitId: number | null = null;
    if (q.unitId !== undefined) {
      if (!(await units.get(q.unitId))) throw KpiErrors.unknownValue('unitId', q.unitId);
      if (!TicketAccess.covers(scope, q.unitId)) throw KpiErrors.outOfScope(q.unitId);
      baseUnitId = q.unitId;
      unitIds = q.includeSubUnits ? await units.subtree(q.unitId) : [q.unitId];
    } else if (!scope.all) {
      baseUnitId = user.unitId;
      unitIds = scope.unitIds;
    }
    const region = (param: string, id: number | undefined, level: string) => {
      if (id === undefined) return null;
      if (this.catalog.region(id)?.level !== level) throw KpiErrors.unknownValue(param, id);
      return id;
    };
    if (q.categoryId !== undefined && !this.catalog.hasCategory(q.categoryId)) throw KpiErrors.unknownValue('categoryId', q.categoryId);
    if (q.channel !== undefined && !CHANNELS.includes(q.channel as Channel)) throw KpiErrors.unknownValue('channel', q.channel);
    let hotlineId: number | null = null;
    if (q.hotline !== undefined) {
      const h = this.catalog.hotlineByNumber(q.hotline);
      if (!h) throw KpiErrors.unknownValue('hotline', q.hotline);
      hotlineId = h.id;
    }
    return {
      unitIds,
      baseUnitId,
      districtId: region('districtId', q.districtId, 'district'),
      streetId: region('streetId', q.streetId, 'street'),
      categoryIds: q.categoryId === undefined ? null : this.catalog.categorySubtree(q.categoryId),
      channel: q.channel ?? null,
      hotlineId,
    };
  }

  /** The row(s) a rollup row adds to: itself, its category at the level asked, or (with sub-units) every unit above it in view. */
  private async foldKeys(dim: Dimension, k: unknown, f: KpiFilters, withSubUnits: boolean): Promise<(string | number | null)[]> {
    if (dim === 'category1' || dim === 'category2' || dim === 'category3') {
      return [Number(k) ? this.catalog.categoryAt(Number(k), Number(dim.slice(-1))) : null];
    }
    if (dim === 'unit' && withSubUnits && Number(k)) {
      const up = await this.catalog.units.ancestry(Number(k));
      if (f.baseUnitId === null) return up;
      const stop = up.indexOf(f.baseUnitId);
      return stop >= 0 ? up.slice(0, stop + 1) : [Number(k)];
    }
    return [k as string | number | null];
  }

  private async runOrderQuery(exprs: string[], dim: Dimension | null, range: DateRange, f: KpiFilters, today: string) {
    const q = orderSumsQuery(exprs, dim, range, f, today);
    return { grain: q.grain, rows: (await this.dataSource.query(q.sql, q.params)) as Record<string, any>[] };
  }

  private runCallQuery(dim: Dimension | null, range: DateRange, f: KpiFilters, today: string) {
    const by = dim === 'period' || dim === 'hotline' ? dim : null;
    return callCounts(this.dataSource, this.cal, by, range, f.hotlineId, this.config.CTI_ANSWER_WITHIN_SECONDS, today);
  }
}
