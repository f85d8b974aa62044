import { badRequest, notFound } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { KnowledgeText } from '@app/knowledge';
import { CatalogLookup, FINAL_STATES, STATE_LABELS, Scope, TicketAccess, TicketState, TicketsService } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DuplicateDraftDto } from './duplicate-draft.dto';
import { CONTENT_CHARS, addressTokens, matterTerms, normaliseAddress } from './duplicate-features';
import { CALLER_WINDOW_DAYS, DraftNames, OrderFeatures, PLACE_WINDOW_DAYS, Reason, judge, rank } from './duplicate-scoring';

/** Most candidates read per path (same caller; same place and category). Newest first, so the cap drops the oldest. */
const CANDIDATE_CAP = 200;
const DEFAULT_LIMIT = 5;
const DAY_MS = 86_400_000;

export interface DuplicateSuggestion {
  id: string;
  no: string;
  title: string;
  state: TicketState;
  stateLabel: string;
  receivedAt: Date;
  leadUnitId: number | null;
  leadUnitName: string | null;
  categoryId: number | null;
  categoryName: string | null;
  address: string | null;
  score: number;
  reasons: Reason[];
}

interface Row {
  id: string;
  no: string;
  state: TicketState;
  citizen_phone: string | null;
  community_id: number | null;
  street_id: number | null;
  category_id: number | null;
  address: string | null;
  title: string;
  content: string;
  received_at: Date;
  lead_unit_id: number | null;
}

/** What is looked for, and around when. */
interface Probe {
  phone: string | null;
  streetId: number | null;
  communityId: number | null;
  address: string | null;
  categoryId: number | null;
  title: string;
  content: string;
  at: Date;
  /** The order itself and its relatives (sub-dispatch parent and children, merge parent): never its own duplicates. */
  self?: { id: string; parentId: string | null; mergedIntoId: string | null };
}

const COLUMNS = `id, no, state, citizen_phone, community_id, street_id, category_id, address, title,
  left(content, ${CONTENT_CHARS}) AS content, received_at, lead_unit_id`;

/**
 * Likely duplicates (重复件) among open orders, for the agent registering one (a draft) or looking at one,
 * ranked, each with its reasons. Candidates come by index only: the caller's number (ticket_citizen_phone_idx)
 * and the category family in a few days (ticket_category_idx) narrowed to the street; text is compared with
 * jieba words in memory. Merging (并单) itself is TicketsService.merge.
 */
@Injectable()
export class DuplicateFinder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly access: TicketAccess,
    private readonly catalog: CatalogLookup,
    private readonly units: UnitDirectory,
    private readonly text: KnowledgeText,
  ) {}

  async forDraft(user: AuthUser, draft: DuplicateDraftDto, limit = DEFAULT_LIMIT): Promise<{ items: DuplicateSuggestion[] }> {
    if (!draft.citizenPhone && !draft.title && !draft.content) {
      throw badRequest('DUPLICATE.DRAFT_EMPTY', '请至少填写来电号码或诉求标题、内容，才能查找重复工单');
    }
    await this.catalog.checkReferences(draft);
    return this.find(
      await this.access.scopeOf(user),
      {
        phone: draft.citizenPhone ?? null,
        streetId: draft.streetId ?? null,
        communityId: draft.communityId ?? null,
        address: draft.address ?? null,
        categoryId: draft.categoryId ?? null,
        title: draft.title ?? '',
        content: draft.content ?? '',
        at: new Date(),
      },
      limit,
    );
  }

  async forTicket(user: AuthUser, idOrNo: string, limit = DEFAULT_LIMIT): Promise<{ items: DuplicateSuggestion[] }> {
    const scope = await this.access.scopeOf(user);
    const t = await this.tickets.findVisible(this.dataSource.manager, idOrNo, scope);
    if (!t) throw notFound('TICKET.NOT_FOUND', '工单不存在');
    return this.find(
      scope,
      {
        phone: t.citizenPhone,
        streetId: t.streetId,
        communityId: t.communityId,
        address: t.address,
        categoryId: t.categoryId,
        title: t.title,
        content: t.content,
        at: new Date(t.receivedAt),
        self: { id: t.id, parentId: t.parentId, mergedIntoId: t.mergedIntoId },
      },
      limit,
    );
  }

  private async find(scope: Scope, p: Probe, limit: number): Promise<{ items: DuplicateSuggestion[] }> {
    // A community lies in one street: knowing it is knowing the street.
    const streetId = p.streetId ?? (p.communityId ? ((await this.catalog.region(p.communityId))?.parentId ?? null) : null);
    const family = await this.familyWithMembers(p.categoryId);
    const [byCaller, byPlace, seg] = await Promise.all([
      p.phone ? this.candidates(scope, p, CALLER_WINDOW_DAYS, (add) => `citizen_phone = ${add(p.phone)}`) : [],
      p.categoryId && (streetId || p.communityId) && (p.title || p.content)
        ? this.candidates(scope, p, PLACE_WINDOW_DAYS, (add) => {
            const categories = `category_id = ANY(${add(family ? family.members : [p.categoryId])}::int[])`;
            const place = [p.communityId && `community_id = ${add(p.communityId)}`, streetId && `street_id = ${add(streetId)}`].filter(
              Boolean,
            );
            return `${categories} AND (${place.join(' OR ')})`;
          })
        : [],
      this.text.seg(),
    ]);

    const draft: OrderFeatures = {
      phone: p.phone,
      communityId: p.communityId,
      streetId,
      address: p.address,
      addressKey: normaliseAddress(p.address),
      addressTokens: addressTokens(seg, p.address),
      categoryId: p.categoryId,
      familyId: family?.id ?? null,
      terms: matterTerms(seg, p.title, p.content),
      receivedAt: p.at,
    };
    const names = await this.names(p.communityId, streetId, p.categoryId, family);

    const rows = new Map<string, Row>();
    for (const r of [...byCaller, ...byPlace]) rows.set(String(r.id), r);
    const judged = [];
    for (const r of rows.values()) {
      const cand: OrderFeatures = {
        phone: r.citizen_phone,
        communityId: r.community_id,
        streetId: r.street_id,
        address: r.address,
        addressKey: normaliseAddress(r.address),
        addressTokens: addressTokens(seg, r.address),
        categoryId: r.category_id,
        familyId: (await this.family(r.category_id))?.id ?? null,
        terms: matterTerms(seg, r.title, r.content),
        receivedAt: new Date(r.received_at),
      };
      const verdict = judge(draft, cand, names);
      if (verdict) judged.push({ ...verdict, id: String(r.id), receivedAt: cand.receivedAt, row: r });
    }

    const items: DuplicateSuggestion[] = [];
    for (const j of rank(judged, limit)) {
      const r = j.row;
      items.push({
        id: j.id,
        no: r.no,
        title: r.title,
        state: r.state,
        stateLabel: STATE_LABELS[r.state],
        receivedAt: j.receivedAt,
        leadUnitId: r.lead_unit_id,
        leadUnitName: r.lead_unit_id ? ((await this.units.get(r.lead_unit_id))?.name ?? null) : null,
        categoryId: r.category_id,
        categoryName: r.category_id ? ((await this.catalog.category(r.category_id))?.name ?? null) : null,
        address: r.address,
        score: j.score,
        reasons: j.reasons,
      });
    }
    return { items };
  }

  /** Open orders received within `days` of the probe, inside the user's scope, matching `where`; newest first, capped. */
  private candidates(scope: Scope, p: Probe, days: number, where: (add: (v: unknown) => string) => string): Promise<Row[]> {
    const params: unknown[] = [];
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const clauses = [
      where(add),
      `received_at >= ${add(new Date(p.at.getTime() - days * DAY_MS))}`,
      `received_at <= ${add(new Date(p.at.getTime() + days * DAY_MS))}`,
      `state <> ALL(${add(FINAL_STATES)}::text[])`,
      // A sub-order (二级/三级派单) is a copy of its parent's appeal, handled as part of it: duplicates are merged into the top order.
      `parent_id IS NULL`,
    ];
    if (!scope.all) clauses.push(`lead_unit_id = ANY(${add(scope.unitIds)}::int[])`);
    if (p.self) {
      const related = [p.self.id, p.self.parentId, p.self.mergedIntoId].filter((x): x is string => !!x);
      clauses.push(`id <> ALL(${add(related)}::bigint[])`);
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM ticket WHERE ${clauses.join(' AND ')} ORDER BY received_at DESC, id DESC LIMIT ${CANDIDATE_CAP}`,
      params,
    );
  }

  /** The level-2 category a category belongs to (itself when it is level 2); none for a level-1 category. */
  private async family(categoryId: number | null): Promise<{ id: number; name: string } | null> {
    if (!categoryId) return null;
    for (const id of await this.catalog.categoryAncestry(categoryId)) {
      const c = await this.catalog.category(id);
      if (c?.level === 2) return { id: c.id, name: c.name };
    }
    return null;
  }

  /**
   * The draft's family with its members, as a list: `category_id = ANY(list)` lets the planner walk
   * ticket_category_idx once per member, where a sub-select would make it scan every order of the week.
   */
  private async familyWithMembers(categoryId: number | null) {
    const family = await this.family(categoryId);
    if (!family) return null;
    const rows: { id: number }[] = await this.dataSource.query('SELECT id FROM category WHERE id = $1 OR parent_id = $1', [family.id]);
    return { ...family, members: rows.map((r) => r.id) };
  }

  private async names(communityId: number | null, streetId: number | null, categoryId: number | null, family: { name: string } | null) {
    const names: DraftNames = { family: family?.name };
    if (communityId) names.community = (await this.catalog.region(communityId))?.name;
    if (streetId) names.street = (await this.catalog.region(streetId))?.name;
    if (categoryId) names.category = (await this.catalog.category(categoryId))?.name;
    return names;
  }
}
