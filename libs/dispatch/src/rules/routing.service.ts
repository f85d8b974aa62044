import { AuthUser, UnitDirectory } from '@app/identity';
import { CatalogLookup, TicketAccess, TicketsService } from '@app/tickets';
import { Injectable, Optional } from '@nestjs/common';
import { KnowledgeSearchService } from '@app/knowledge';
import { InjectDataSource } from '@nestjs/typeorm';
import { notFound } from '@app/common';
import { DataSource } from 'typeorm';
import { DispatchRule } from './dispatch-rule.entity';
import { matchRules } from './routing';

export interface Suggestion {
  unitId: number;
  unitName: string;
  score: number;
  coUnitIds: number[];
  autoDispatch: boolean;
  reasons: { source: 'catalogue' | 'history' | 'caller' | 'duty'; text: string }[];
}

/** Ranked units for an order, each with why: the catalogue, what worked in that street, the caller's last order, units' duties. */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly access: TicketAccess,
    private readonly catalog: CatalogLookup,
    private readonly units: UnitDirectory,
    @Optional() private readonly knowledge?: KnowledgeSearchService,
  ) {}

  async suggest(user: AuthUser, idOrNo: string): Promise<Suggestion[]> {
    const t = await this.tickets.findVisible(this.dataSource.manager, idOrNo, await this.access.scopeOf(user));
    if (!t) throw notFound('TICKET.NOT_FOUND', '工单不存在');
    const byUnit = new Map<number, Suggestion>();
    const add = async (unitId: number, score: number, reason: Suggestion['reasons'][number], extra: Partial<Suggestion> = {}) => {
      const unit = await this.units.get(unitId);
      if (!unit || !unit.active) return;
      const s = byUnit.get(unitId) ?? { unitId, unitName: unit.name, score: 0, coUnitIds: [], autoDispatch: false, reasons: [] };
      s.score += score;
      s.reasons.push(reason);
      if (extra.coUnitIds?.length && !s.coUnitIds.length) s.coUnitIds = extra.coUnitIds;
      s.autoDispatch ||= !!extra.autoDispatch;
      byUnit.set(unitId, s);
    };

    for (const m of (await this.ruleMatches(t)).slice(0, 5)) {
      const category = await this.catalog.category(m.rule.categoryId);
      const region = m.rule.regionId ? await this.catalog.region(m.rule.regionId) : null;
      const kw = m.matchedKeywords.length ? `，关键词「${m.matchedKeywords.join('、')}」` : '';
      await add(
        m.rule.leadUnitId,
        m.score,
        { source: 'catalogue', text: `派单目录：${category?.name ?? ''}${region ? `（${region.name}）` : ''}${kw}` },
        {
          coUnitIds: m.rule.coUnitIds,
          autoDispatch: m.rule.autoDispatch,
        },
      );
    }

    if (t.categoryId && t.streetId) {
      // Who finished this kind of matter in this street over the past year, counting returns against them.
      const rows: { unit_id: number; done: number; returned: number }[] = await this.dataSource.query(
        `WITH h AS (
           SELECT id, lead_unit_id FROM ticket
            WHERE category_id = $1 AND street_id = $2 AND received_at > now() - interval '365 days' AND id <> $3
         ), done AS (
           SELECT h.lead_unit_id AS unit_id, count(*)::int AS n FROM h JOIN ticket t USING (id)
            WHERE t.closure_kind = 'handled' AND h.lead_unit_id IS NOT NULL GROUP BY 1
         ), returned AS (
           SELECT (f.details->>'returnedBy')::int AS unit_id, count(*)::int AS n FROM h JOIN ticket_flow f ON f.ticket_id = h.id
            WHERE f.action = 'approve_return' GROUP BY 1
         )
         SELECT d.unit_id, d.n AS done, coalesce(r.n, 0) AS returned FROM done d LEFT JOIN returned r USING (unit_id)
          ORDER BY d.n - 2 * coalesce(r.n, 0) DESC LIMIT 3`,
        [t.categoryId, t.streetId, t.id],
      );
      for (const r of rows) {
        if (r.done - 2 * r.returned <= 0) continue;
        await add(r.unit_id, Math.min(60, 20 + r.done - 2 * r.returned), {
          source: 'history',
          text: `同街道同类诉求近一年办结 ${r.done} 件，退单 ${r.returned} 件`,
        });
      }
    }

    if (t.citizenPhone && t.categoryId) {
      const [prev] = await this.dataSource.query(
        `SELECT no, lead_unit_id FROM ticket WHERE citizen_phone = $1 AND category_id = $2 AND id <> $3 AND lead_unit_id IS NOT NULL
          ORDER BY received_at DESC LIMIT 1`,
        [t.citizenPhone, t.categoryId, t.id],
      );
      if (prev) await add(prev.lead_unit_id, 40, { source: 'caller', text: `该来电人上次同类诉求（工单 ${prev.no}）由该单位办理` });
    }
    // Units' published duty descriptions (单位职责) that answer this matter. The title is the query: it
    // names the matter, where the description's long details would mostly be words no duty contains.
    if (this.knowledge) {
      const duties = await this.knowledge
        .search({ q: t.title.slice(0, 100), kind: 'duty', limit: 3 }, 'agent')
        .catch(() => ({ items: [] }));
      for (const [i, d] of duties.items.entries()) await add(d.ownerUnitId, 30 - i * 5, { source: 'duty', text: `单位职责：${d.title}` });
    }
    return [...byUnit.values()].sort((a, b) => b.score - a.score);
  }

  /** The catalogue rules that fit an order, best first. */
  async ruleMatches(t: {
    categoryId: number | null;
    districtId: number | null;
    streetId: number | null;
    communityId: number | null;
    title: string;
    content: string;
  }) {
    if (!t.categoryId) return [];
    const ancestry = await this.catalog.categoryAncestry(t.categoryId);
    const rules = await this.dataSource
      .getRepository(DispatchRule)
      .createQueryBuilder('r')
      .where('r.active')
      .andWhere('r.categoryId IN (:...ids)', { ids: ancestry })
      .getMany();
    const regionIds = [t.communityId, t.streetId, t.districtId].filter((x): x is number => !!x);
    return matchRules(rules, { categoryAncestry: ancestry, regionIds, text: `${t.title}\n${t.content}` });
  }
}
