import { notFound, unprocessable } from '@app/common';
import { AuthUser } from '@app/identity';
import { CatalogLookup, TicketsService } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnswerWithEntryDto, GapDto, SearchDto } from './dto/knowledge.dto';
import { ENTRY_KIND_LABELS, EntryKind, KnowledgeEntry } from './knowledge-entry.entity';
import { KnowledgeGap, TicketKnowledge } from './knowledge-misc.entity';
import { KnowledgeText } from './knowledge-text';
import { allOf, anyOf, expand, highlight, pairs, plainText } from './search/query';

export type Audience = 'agent' | 'public';

/** How long a word's document frequency is trusted: terms repeat all day in a call centre. */
const DF_TTL_MS = 10 * 60_000;
/** A word in more than this share of entries filters nothing (办理, 申请): it only adds to the ranking. */
const COMMON_SHARE = 0.2;
/** At most this many matching entries are ranked for one query: the cost of a vague question stays bounded. */
const RANK_CAP = 1000;

export interface SearchHit {
  id: string;
  kind: EntryKind;
  kindLabel: string;
  title: string;
  question: string | null;
  snippet: string;
  score: number;
  expired: boolean;
  ownerUnitId: number;
  usageCount: number;
}

/**
 * Ranks published entries for a question: words from jieba, colloquial words widened to the formal
 * ones, title and question above tags above body (ts_rank weights A/B/C), current entries above
 * expired ones, and entries agents use often slightly above the rest. The precise query (every word)
 * runs first on the GIN index; the lenient one (any word) only fills what it left empty.
 */
@Injectable()
export class KnowledgeSearchService {
  private readonly present = new Map<string, { at: number; yes: boolean }>();
  private stats: { at: number; freq: Map<string, number>; floor: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly text: KnowledgeText,
    private readonly catalog: CatalogLookup,
    private readonly tickets: TicketsService,
  ) {}

  async search(q: SearchDto, audience: Audience): Promise<{ terms: string[]; items: SearchHit[] }> {
    const seg = await this.text.seg();
    const terms = seg.terms(q.q);
    if (terms.length === 0) return { terms, items: [] };
    const groups = expand(terms, await this.text.synonymMap(), (w) => seg.parts(w));
    const limit = q.limit ?? 10;
    const where: string[] = [`e.status = 'published'`, `e.effective_from <= current_date`];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length + 1}`;
    };
    if (audience === 'public' || !q.includeExpired) where.push(`(e.expires_on IS NULL OR e.expires_on >= current_date)`);
    if (q.kind) where.push(`e.kind = ${p(q.kind)}`);
    if (q.ownerUnitId) where.push(`e.owner_unit_id = ${p(q.ownerUnitId)}`);
    if (q.categoryId) where.push(`e.category_ids && ${p(await this.categoryFamily(q.categoryId))}::int[]`);
    if (q.regionId) where.push(`(e.region_ids = '{}' OR e.region_ids && ${p(await this.regionLine(q.regionId))}::int[])`);
    // The lenient query ranks by weighted coverage: each of the question's words counts by how rare it
    // is in the base (IDF), so 低保 outweighs 办理; an entry must carry a third of the question's weight.
    const freqs = await this.frequencies(groups);
    // Each word counts by how rare it is (IDF); a word no entry contains counts nothing.
    const weights = freqs.map((f) => (f === 0 ? 0 : Math.log(1 + 1 / f)));
    const total = weights.reduce((a, b) => a + b, 0);
    // All of the question's words rank the results; only the informative ones filter them.
    const rankQuery = anyOf(groups);
    const filterGroups = groups.filter((_, i) => freqs[i] > 0 && freqs[i] <= COMMON_SHARE);
    // If most of the question's words appear in no entry, the base does not cover it: a gap, not a guess.
    const unknown = freqs.filter((f) => f === 0).length;
    if (unknown > groups.length - unknown) return { terms, items: [] };
    const run = (tsquery: string, exclude: string[], lenient = false) => {
      const args = [tsquery, ...params];
      const arg = (v: unknown) => {
        args.push(v);
        return `$${args.length}`;
      };
      const notIn = exclude.length ? ` AND e.id <> ALL(${arg(exclude)}::bigint[])` : '';
      const coverage = lenient
        ? groups.map((g, i) => `${weights[i].toFixed(4)} * (e.search_vector @@ to_tsquery('simple', ${arg(allOf([g]))}))::int`).join(' + ')
        : total.toFixed(4);
      return this.dataSource.query(
        `SELECT * FROM (
           SELECT e.id, e.kind, e.title, e.question, e.body, e.owner_unit_id, e.usage_count,
                  (e.expires_on IS NOT NULL AND e.expires_on < current_date) AS expired, ${coverage} AS coverage,
                  ts_rank(e.search_vector, q) * (1 + ln(1 + e.usage_count) / 10)
                    * CASE WHEN e.expires_on IS NOT NULL AND e.expires_on < current_date THEN 0.3 ELSE 1 END AS score
             FROM (SELECT * FROM knowledge_entry e WHERE e.search_vector @@ to_tsquery('simple', $1) AND ${where.join(' AND ')}${notIn}
                    LIMIT ${RANK_CAP}) e, to_tsquery('simple', ${arg(rankQuery)}) q
         ) r WHERE r.coverage >= ${(total / 3).toFixed(4)}
         ORDER BY r.coverage DESC, r.score DESC, r.id LIMIT ${limit}`,
        args,
      );
    };
    const rows: Record<string, unknown>[] = await run(allOf(filterGroups.length ? filterGroups : groups), []);
    if (rows.length < limit && groups.length > 1) {
      // Candidates are entries with two of the question's informative words (the rarer ones), which the
      // GIN index intersects cheaply; a word found in most entries (办理, 申请) never widens the search alone.
      const informative = groups
        .map((g, i) => ({ g, w: weights[i] }))
        .filter((x) => x.w > 0)
        .sort((a, b) => b.w - a.w)
        .slice(0, 6)
        .map((x) => x.g);
      const candidates = informative.length >= 2 ? pairs(informative) : informative.length === 1 ? allOf(informative) : null;
      if (candidates)
        rows.push(
          ...(
            await run(
              candidates,
              rows.map((r) => String(r.id)),
              true,
            )
          ).slice(0, limit - rows.length),
        );
    }
    const words = groups.flat();
    return {
      terms,
      items: rows.map((r) => ({
        id: String(r.id),
        kind: r.kind as EntryKind,
        kindLabel: ENTRY_KIND_LABELS[r.kind as EntryKind],
        title: String(r.title),
        question: (r.question as string) ?? null,
        snippet: highlight(`${r.question ?? ''} ${plainText(String(r.body))}`, words),
        score: Number(Number(r.score).toFixed(4)),
        expired: Boolean(r.expired),
        ownerUnitId: Number(r.owner_unit_id),
        usageCount: Number(r.usage_count),
      })),
    };
  }

  /**
   * How often each word occurs (share of entries), from PostgreSQL's own statistics of the search
   * vector (most_common_elems, kept by ANALYZE): free to read. A word the statistics do not list is
   * rarer than the rarest listed one, or absent: one index probe tells which.
   */
  private async frequencies(groups: string[][]): Promise<number[]> {
    const now = Date.now();
    if (!this.stats || now - this.stats.at > DF_TTL_MS) {
      const [row] = await this.dataSource.query(
        `SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats
          WHERE tablename = 'knowledge_entry' AND attname = 'search_vector'`,
      );
      const elems: string[] = row?.elems ?? [];
      const freqs: number[] = row?.freqs ?? [];
      this.stats = {
        at: now,
        freq: new Map(elems.map((e, i) => [e, freqs[i]])),
        floor: freqs.length > elems.length ? freqs[elems.length] : 0.001,
      };
    }
    const stats = this.stats;
    const out: number[] = [];
    for (const g of groups) {
      const listed = g.map((w) => stats.freq.get(w) ?? 0).reduce((a, b) => a + b, 0);
      if (listed > 0) {
        out.push(Math.min(1, listed));
        continue;
      }
      const key = g.join('|');
      let present = this.present.get(key);
      if (!present || now - present.at > DF_TTL_MS) {
        const [{ yes }] = await this.dataSource.query(
          `SELECT EXISTS (SELECT 1 FROM knowledge_entry WHERE search_vector @@ to_tsquery('simple', $1)) AS yes`,
          [allOf([g])],
        );
        present = { at: now, yes };
        if (this.present.size > 20_000) this.present.clear();
        this.present.set(key, present);
      }
      out.push(present.yes ? stats.floor / 2 : 0);
    }
    return out;
  }

  /** While an agent types: the best entries for the text; nothing useful for a registered order is a gap. */
  async suggest(user: AuthUser, d: { text: string; categoryId?: number; ticketId?: string }) {
    const res = await this.search({ q: d.text.slice(0, 100), categoryId: d.categoryId, limit: 5 }, 'agent');
    if (!res.items.length && d.ticketId)
      await this.recordGap(user, { question: d.text.slice(0, 300), ticketId: d.ticketId, categoryId: d.categoryId });
    return res;
  }

  /** 直接办结 with the chosen entry as the answer: the order closes, the link is kept, the entry's counts go up. */
  async answerWithEntry(user: AuthUser, ticketId: string, d: AnswerWithEntryDto) {
    const entry = /^\d{1,18}$/.test(d.entryId)
      ? await this.dataSource.getRepository(KnowledgeEntry).findOne({ where: { id: d.entryId } })
      : null;
    if (!entry || entry.status !== 'published') throw unprocessable('KNOWLEDGE.NOT_FOUND', '所选知识条目不存在或未发布');
    const answer = d.answer ?? `${entry.question ? entry.question + '\n' : ''}${plainText(entry.body)}`.slice(0, 4000);
    return this.tickets.transition(user, ticketId, 'close_first_contact', { ...d, answer } as never, ({ now, t, m }) => ({
      patch: { replyText: answer, result: 'resolved', closureKind: 'first_contact', closedAt: now, repliedAt: now },
      details: { knowledgeEntryId: entry.id, knowledgeTitle: entry.title },
      after: async () => {
        await m.insert(TicketKnowledge, { ticketId: t.id, entryId: entry.id, usedBy: user.userId });
        await m.query(
          `UPDATE knowledge_entry SET usage_count = usage_count + 1, first_contact_count = first_contact_count + 1 WHERE id = $1`,
          [entry.id],
        );
      },
    }));
  }

  async recordGap(user: AuthUser, d: GapDto): Promise<KnowledgeGap> {
    const seg = await this.text.seg();
    const repo = this.dataSource.getRepository(KnowledgeGap);
    return repo.save(
      repo.create({
        question: d.question,
        ticketId: d.ticketId && /^\d+$/.test(d.ticketId) ? d.ticketId : null,
        categoryId: d.categoryId ?? null,
        terms: seg.terms(d.question),
        reportedBy: user.userId,
      }),
    );
  }

  /** The week's unanswered topics: the words asked most, and the categories, with example orders. */
  async weeklyGaps(weekStart: Date) {
    const end = new Date(weekStart.getTime() + 7 * 86_400_000);
    const [topics, categories, total] = await Promise.all([
      this.dataSource.query(
        `SELECT term, count(*)::int AS n, (array_agg(DISTINCT g.ticket_id) FILTER (WHERE g.ticket_id IS NOT NULL))[1:5] AS tickets
           FROM knowledge_gap g, unnest(g.terms) term WHERE g.created_at >= $1 AND g.created_at < $2
          GROUP BY term ORDER BY n DESC, term LIMIT 20`,
        [weekStart, end],
      ),
      this.dataSource.query(
        `SELECT g.category_id, c.name, count(*)::int AS n FROM knowledge_gap g LEFT JOIN category c ON c.id = g.category_id
          WHERE g.created_at >= $1 AND g.created_at < $2 GROUP BY 1, 2 ORDER BY n DESC LIMIT 10`,
        [weekStart, end],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM knowledge_gap WHERE created_at >= $1 AND created_at < $2`, [weekStart, end]),
    ]);
    return { from: weekStart.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10), total: total[0].n, topics, categories };
  }

  /** One entry with its source document and linked service. The public never sees drafts, expired entries, or internal notes. */
  async view(id: string, audience: Audience) {
    const repo = this.dataSource.getRepository(KnowledgeEntry);
    const e = /^\d{1,18}$/.test(id) ? await repo.findOne({ where: { id } }) : null;
    const current = e && e.status === 'published' && (!e.expiresOn || e.expiresOn >= new Date().toISOString().slice(0, 10));
    if (!e || (audience === 'public' && !current)) throw notFound('KNOWLEDGE.NOT_FOUND', '知识条目不存在');
    const [source, service] = await Promise.all([
      e.sourceEntryId ? repo.findOne({ where: { id: e.sourceEntryId } }) : null,
      e.serviceEntryId ? repo.findOne({ where: { id: e.serviceEntryId } }) : null,
    ]);
    const brief = (x: KnowledgeEntry | null) =>
      x ? { id: x.id, kind: x.kind, title: x.title, docNumber: x.docNumber, issuingUnit: x.issuingUnit } : null;
    const { internalNote, searchVector: _v, ...rest } = e;
    return {
      ...rest,
      kindLabel: ENTRY_KIND_LABELS[e.kind],
      expired: !!e.expiresOn && e.expiresOn < new Date().toISOString().slice(0, 10),
      ...(audience === 'agent'
        ? { internalNote }
        : { usageCount: undefined, firstContactCount: undefined, updatedBy: undefined, reviewedBy: undefined }),
      source: brief(source),
      service: service ? { ...brief(service), body: service.body } : e.serviceUrl ? { url: e.serviceUrl } : null,
    };
  }

  private async categoryFamily(id: number): Promise<number[]> {
    const up = await this.catalog.categoryAncestry(id);
    const down = await this.dataSource.query(
      `WITH RECURSIVE d AS (SELECT id FROM category WHERE id = $1 UNION ALL SELECT c.id FROM category c JOIN d ON c.parent_id = d.id) SELECT id FROM d`,
      [id],
    );
    return [...new Set([...up, ...down.map((r: { id: number }) => r.id)])];
  }

  private async regionLine(id: number): Promise<number[]> {
    const out: number[] = [];
    let r = await this.catalog.region(id);
    while (r && !out.includes(r.id)) {
      out.push(r.id);
      r = r.parentId ? await this.catalog.region(r.parentId) : undefined;
    }
    return out;
  }
}
