import type { ReportPeriod, ReportScope } from '../render/report-model';

/**
 * Every number the hotspot report prints, read from the rollups (report_daily, kpi_daily, kpi_call_daily
 * and the term rollup) for one scope and period, before any wording. Plain JSON: it is stored with each
 * report version, so a reviewer can trace a sentence to its figure and a test can recount each figure
 * from the raw orders. Three periods each time: the period itself (`current`), the one just before
 * (`previous`, 环比) and the same period a year earlier (`lastYear`, 同比).
 */

/** Order counters of the report rollup (report_daily), summed over a cut. */
export interface OrderCounts {
  /** Top-level orders received (merged duplicates included). */
  received: number;
  /** Received, not merged, not refused (不予受理), not transferred to 110/119/120/122. */
  accepted: number;
  /** Merged into another order as a repeat of the same matter (并单, 重复诉求). */
  merged: number;
  /** Accepted and closed at first contact (直接办结). */
  firstContact: number;
  /** Accepted and closed or archived by the time the report was computed (办结). */
  closed: number;
  /** Accepted, flagged for supervision (督办). */
  supervised: number;
  /** Orders urged at least once (被催办工单). */
  urged: number;
  /** Orders reopened at least once after an unsatisfied callback (重办). */
  reopened: number;
}

export interface ThreePeriods<T> {
  current: T;
  previous: T;
  lastYear: T;
}

/** One row of a cut by a dimension: orders received in each of the three periods. */
export interface DimensionRow {
  /** Stable key: an id, a channel code, an appeal type code, or 'YYYY-MM'. */
  key: string;
  /** Chinese label as users see it. */
  label: string;
  current: number;
  previous: number;
  lastYear: number;
}

export interface CategoryRow extends DimensionRow {
  level: 1 | 2 | 3;
  /** The level-1 ancestor's label (for level 2 and 3 rows). */
  parentLabel?: string;
}

export interface StreetRow extends DimensionRow {
  districtKey: string;
  district: string;
}

export interface MonthPoint {
  /** 'YYYY-MM' of the current period's month. */
  month: string;
  /** e.g. '3月'. */
  label: string;
  current: number;
  /** The same month a year earlier. */
  lastYear: number;
}

/** A KPI value with the counts it is computed from. */
export interface RateFigure {
  value: number | null;
  numerator: number;
  denominator: number;
  target?: number;
  belowTarget?: boolean;
}

export interface UnitLeagueRow {
  unitId: number;
  unit: string;
  /** Orders received in the period attributed to the unit. */
  received: number;
  onTimeCompletionRate: RateFigure;
  satisfactionRate: RateFigure;
  /** Beijing's three rates: 响应率, 解决率, 满意率, and their weighted score. */
  responseRate: RateFigure;
  resolutionRate: RateFigure;
  threeRateScore: RateFigure;
  /** Keys of the rates above that miss their target. */
  belowTarget: string[];
}

export interface HotlineRow {
  hotlineId: number;
  number: string;
  name: string;
  offered: number;
  answered: number;
  connectionRate: number | null;
  answer15Rate: number | null;
  /** Mean seconds from offered to answered, answered calls only. */
  avgWaitSeconds: number | null;
}

export interface HotlineOperations {
  offered: number;
  answered: number;
  answeredWithin: number;
  connectionRate: RateFigure;
  answer15Rate: RateFigure;
  avgWaitSeconds: number | null;
  /** Distinct agents who answered at least one call in the period (在岗坐席). */
  agents: number;
  byHotline: HotlineRow[];
}

export interface KeywordRow {
  term: string;
  current: number;
  lastYear: number;
  /** Share of the period's orders mentioning it, per 10,000 orders, this year and a year earlier. */
  currentPer10k: number;
  lastYearPer10k: number;
  /** (currentPer10k − lastYearPer10k) / lastYearPer10k; null when the term is new. */
  change: number | null;
}

export interface CaseSuggestion {
  ticketId: string;
  no: string;
  reason: 'repeated' | 'urged';
  /** Merged duplicates (repeated) or urges (urged). */
  count: number;
  title: string;
  category: string;
  district: string;
  /** Content and reply with personal data removed. */
  paragraphs: string[];
}

export interface ReportFigures {
  scope: ReportScope;
  period: ReportPeriod;
  /** When the figures were read (ISO); rollups are current as of then. */
  computedAt: string;
  totals: ThreePeriods<OrderCounts>;
  monthly: MonthPoint[];
  /** Orders of the current period by their state now (key: state code). */
  states: { key: string; label: string; count: number }[];
  channels: DimensionRow[];
  /** Phone orders by the hotline number they came in on. */
  hotlines: DimensionRow[];
  appealTypes: DimensionRow[];
  /** Every category with orders in any of the periods, at all three levels. */
  categories: CategoryRow[];
  districts: DimensionRow[];
  streets: StreetRow[];
  /** Heat table: received by district (rows) × month (columns) of the current period. */
  districtMonths: { districts: string[]; months: string[]; values: number[][] };
  units: UnitLeagueRow[];
  repeat: {
    merged: ThreePeriods<number>;
    reopened: ThreePeriods<number>;
    supervised: ThreePeriods<number>;
    urged: ThreePeriods<number>;
    /** Categories with the most merged duplicates in the current period. */
    topRepeatedCategories: { key: string; label: string; merged: number; received: number }[];
  };
  caseSuggestions: CaseSuggestion[];
  hotline: HotlineOperations;
  keywords: KeywordRow[];
}
