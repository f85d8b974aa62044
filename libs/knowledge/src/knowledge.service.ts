import { AppConfig, badRequest, forbidden, notFound, unprocessable } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import { CatalogLookup } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntryDto } from './dto/knowledge.dto';
import { KnowledgeEntry } from './knowledge-entry.entity';
import { KnowledgeText, sanitizeBody } from './knowledge-text';
import { KnowledgeEntryVersion } from './knowledge-version.entity';

const EDITORS = ['handler', 'knowledge_admin'] as const;

/**
 * Entries through their life: an owner unit drafts or updates (every change a new version, kept
 * whole), a knowledge administrator reviews and publishes, and entries nobody has reviewed for
 * KNOWLEDGE_REVIEW_DAYS are flagged to their owner.
 */
@Injectable()
export class KnowledgeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly text: KnowledgeText,
    private readonly catalog: CatalogLookup,
    private readonly units: UnitDirectory,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** An owner unit's handler edits its own unit's entries (or those below); a knowledge administrator edits any. */
  private async mayEdit(user: AuthUser, ownerUnitId: number): Promise<void> {
    if (user.role === 'knowledge_admin') return;
    if (!(EDITORS as readonly string[]).includes(user.role) || !(await this.units.isWithin(ownerUnitId, user.unitId))) {
      throw forbidden('KNOWLEDGE.NOT_OWNER', '只有责任单位或知识库管理员可以编辑该条目');
    }
  }

  async validate(d: EntryDto): Promise<void> {
    await this.catalog.checkUnit(d.ownerUnitId, 'ownerUnitId');
    if (d.expiresOn && d.expiresOn < d.effectiveFrom) throw badRequest('KNOWLEDGE.VALIDITY_INVALID', '失效日期不能早于生效日期');
    if (d.kind === 'qa' && !d.question) throw badRequest('KNOWLEDGE.QUESTION_REQUIRED', '问答条目须填写问题');
    if (d.kind === 'policy' && !d.docNumber) throw badRequest('KNOWLEDGE.DOC_NUMBER_REQUIRED', '政策文件须填写文号');
    for (const c of d.categoryIds ?? []) await this.catalog.checkReferences({ categoryId: c });
    for (const [field, id, kind] of [
      ['sourceEntryId', d.sourceEntryId, 'policy'],
      ['serviceEntryId', d.serviceEntryId, 'guide'],
    ] as const) {
      if (!id) continue;
      const linked = /^\d+$/.test(id) ? await this.dataSource.getRepository(KnowledgeEntry).findOne({ where: { id } }) : null;
      if (!linked || linked.kind !== kind)
        throw unprocessable('KNOWLEDGE.BROKEN_LINK', `${field} ${id} 不是有效的${kind === 'policy' ? '政策文件' : '办事指南'}`, {
          [field]: id,
        });
    }
  }

  private columns(d: EntryDto): Partial<KnowledgeEntry> {
    return {
      kind: d.kind,
      title: d.title,
      question: d.question ?? null,
      body: sanitizeBody(d.body),
      docNumber: d.docNumber ?? null,
      issuingUnit: d.issuingUnit ?? null,
      sourceEntryId: d.sourceEntryId ?? null,
      sourceParagraph: d.sourceParagraph ?? null,
      serviceEntryId: d.serviceEntryId ?? null,
      serviceUrl: d.serviceUrl ?? null,
      ownerUnitId: d.ownerUnitId,
      categoryIds: d.categoryIds ?? [],
      tags: d.tags ?? [],
      regionIds: d.regionIds ?? [],
      effectiveFrom: d.effectiveFrom,
      expiresOn: d.expiresOn ?? null,
      internalNote: d.internalNote ?? null,
    };
  }

  async snapshot(m: EntityManager, e: KnowledgeEntry, action: string, by: number | null, note: string | null): Promise<void> {
    const { searchVector: _v, ...rest } = e;
    await m.insert(KnowledgeEntryVersion, { entryId: e.id, version: e.version, snapshot: rest as never, action, changedBy: by, note });
  }

  /** A new entry, waiting for review. */
  async create(user: AuthUser, d: EntryDto): Promise<KnowledgeEntry> {
    await this.validate(d);
    await this.mayEdit(user, d.ownerUnitId);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(KnowledgeEntry);
      const e = await repo.save(repo.create({ ...this.columns(d), status: 'in_review', version: 1, updatedBy: user.userId }));
      await this.text.writeVector(m, e.id, e);
      await this.snapshot(m, e, 'create', user.userId, d.changeNote ?? null);
      return e;
    });
  }

  /** A new version, kept whole; it goes back to review and serves again once an administrator publishes it. */
  async update(user: AuthUser, id: string, d: EntryDto): Promise<KnowledgeEntry> {
    const current = await this.get(id);
    await this.mayEdit(user, current.ownerUnitId);
    await this.validate(d);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(KnowledgeEntry);
      await repo.update({ id }, { ...this.columns(d), version: current.version + 1, status: 'in_review', updatedBy: user.userId });
      const e = (await repo.findOne({ where: { id } }))!;
      await this.text.writeVector(m, e.id, e);
      await this.snapshot(m, e, 'update', user.userId, d.changeNote ?? null);
      return e;
    });
  }

  /** Only a knowledge administrator publishes; publishing is a review. */
  async publish(user: AuthUser, id: string): Promise<KnowledgeEntry> {
    if (user.role !== 'knowledge_admin') throw forbidden('KNOWLEDGE.PUBLISH_NOT_ALLOWED', '只有知识库管理员可以审核发布');
    return this.setStatus(user, id, 'published', 'publish');
  }

  async archive(user: AuthUser, id: string): Promise<KnowledgeEntry> {
    if (user.role !== 'knowledge_admin') throw forbidden('KNOWLEDGE.PUBLISH_NOT_ALLOWED', '只有知识库管理员可以下架条目');
    return this.setStatus(user, id, 'archived', 'archive');
  }

  /** The owner or an administrator confirms an entry is still right: its review clock restarts. */
  async markReviewed(user: AuthUser, id: string): Promise<KnowledgeEntry> {
    const e = await this.get(id);
    await this.mayEdit(user, e.ownerUnitId);
    await this.dataSource
      .getRepository(KnowledgeEntry)
      .update({ id }, { reviewedAt: new Date(), reviewedBy: user.userId, staleNotifiedAt: null });
    return this.get(id);
  }

  private async setStatus(user: AuthUser, id: string, status: KnowledgeEntry['status'], action: string): Promise<KnowledgeEntry> {
    await this.get(id);
    return this.dataSource.transaction(async (m) => {
      const now = new Date();
      await m.getRepository(KnowledgeEntry).update(
        { id },
        {
          status,
          ...(status === 'published' ? { publishedAt: now, reviewedAt: now, reviewedBy: user.userId, staleNotifiedAt: null } : {}),
        },
      );
      const e = (await m.getRepository(KnowledgeEntry).findOne({ where: { id } }))!;
      await this.snapshot(m, e, action, user.userId, null);
      return e;
    });
  }

  async get(id: string): Promise<KnowledgeEntry> {
    const e = /^\d{1,18}$/.test(id) ? await this.dataSource.getRepository(KnowledgeEntry).findOne({ where: { id } }) : null;
    if (!e) throw notFound('KNOWLEDGE.NOT_FOUND', '知识条目不存在');
    return e;
  }

  versions(id: string) {
    return this.dataSource.getRepository(KnowledgeEntryVersion).find({ where: { entryId: id }, order: { id: 'ASC' } });
  }

  /** For the administrator: entries by status, owner, staleness; with how often each closed an order at first contact. */
  async list(q: { status?: string; ownerUnitId?: number; stale?: boolean; limit?: number }) {
    const qb = this.dataSource
      .getRepository(KnowledgeEntry)
      .createQueryBuilder('e')
      .orderBy('e.firstContactCount', 'DESC')
      .addOrderBy('e.id', 'ASC')
      .take(q.limit ?? 50);
    if (q.status) qb.andWhere('e.status = :status', { status: q.status });
    if (q.ownerUnitId) qb.andWhere('e.ownerUnitId = :o', { o: q.ownerUnitId });
    if (q.stale)
      qb.andWhere(`e.status = 'published' AND coalesce(e.reviewedAt, e.publishedAt) < now() - make_interval(days => :d)`, {
        d: this.config.KNOWLEDGE_REVIEW_DAYS,
      });
    return qb.getMany();
  }

  /** Tells owner units about entries overdue for review, once until someone reviews them. Returns how many. */
  async notifyStale(): Promise<number> {
    const stale: { id: string; title: string; owner_unit_id: number }[] = await this.dataSource
      .query(
        `UPDATE knowledge_entry SET stale_notified_at = now()
        WHERE status = 'published' AND stale_notified_at IS NULL AND coalesce(reviewed_at, published_at) < now() - make_interval(days => $1)
        RETURNING id, title, owner_unit_id`,
        [this.config.KNOWLEDGE_REVIEW_DAYS],
      )
      .then((r) => r[0]);
    const byUnit = new Map<number, string[]>();
    for (const s of stale) byUnit.set(s.owner_unit_id, [...(byUnit.get(s.owner_unit_id) ?? []), s.title]);
    for (const [unitId, titles] of byUnit) {
      const handlers: { id: number }[] = await this.dataSource.query(
        `SELECT id FROM app_user WHERE unit_id = $1 AND role = 'handler' AND active`,
        [unitId],
      );
      await this.notifications.notify({
        userIds: handlers.map((h) => h.id),
        kind: 'knowledge_stale',
        title: `有 ${titles.length} 条知识超过 ${this.config.KNOWLEDGE_REVIEW_DAYS} 天未复核`,
        body: titles.slice(0, 5).join('；') + (titles.length > 5 ? '……' : ''),
      });
    }
    return stale.length;
  }
}
