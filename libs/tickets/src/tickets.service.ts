import { AppConfig, DomainError, JOBS, appendOutbox, badRequest, conflict, notFound, unprocessable } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogLookup } from './catalog-lookup';
import { ActionDto, CallbackDto, MergeDto, NotAcceptDto, TransferDto } from './dto/ticket-action.dto';
import { AmendTicketDto, RegisterTicketDto } from './dto/register-ticket.dto';
import { FlowAction, TicketAction } from './lifecycle/ticket-actions';
import { Actor, TicketFacts, decide, isOpen, transitionFor } from './lifecycle/ticket-state-machine';
import { RegistrationWriter } from './registration-writer';
import { Scope, TicketAccess } from './ticket-access';
import { TicketCoUnit } from './ticket-co-unit.entity';
import { PendingRequest, Ticket } from './ticket.entity';
import { TicketFlow } from './ticket-flow.entity';
import { OUT_OF_SCOPE, TicketState } from './ticket.types';
import { TicketTransfer } from './ticket-transfer.entity';

/** Who acts: a signed-in user, or the platform itself (auto-dispatch, timers). */
export type Acting = AuthUser | 'system';

/** What an action changes besides the state: column values, and what the flow record says. */
export interface Effect {
  patch: Partial<Ticket>;
  details?: Record<string, unknown>;
  opinion?: string | null;
  after?: (m: EntityManager, t: Ticket) => Promise<void>;
}

export interface ActContext {
  m: EntityManager;
  t: Ticket;
  next: TicketState;
  user: Acting;
  scope: Scope;
  now: Date;
}

const TICKET_COLUMNS = new Map<string, string>();

/** Flow records are only ever inserted (the table refuses updates). */
function insertFlow(m: EntityManager, row: Partial<TicketFlow>): Promise<unknown> {
  return m.insert(TicketFlow, row as never);
}

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly units: UnitDirectory,
    private readonly catalog: CatalogLookup,
    private readonly config: AppConfig,
    private readonly writer: RegistrationWriter,
  ) {
    if (TICKET_COLUMNS.size === 0) {
      for (const c of dataSource.getMetadata(Ticket).columns) TICKET_COLUMNS.set(c.propertyName, c.databaseName);
    }
  }

  /** Registers an order; when this returns, the order, its flow record and its event are committed (RegistrationWriter). */
  async register(dto: RegisterTicketDto, user: AuthUser | null): Promise<Ticket> {
    await this.catalog.checkReferences(dto);
    if (dto.anonymous && (dto.citizenName || dto.citizenPhone)) {
      throw badRequest('TICKET.ANONYMOUS_WITH_IDENTITY', '匿名诉求不应登记姓名和电话；如需对单位保密，请选择“保密”');
    }
    const row = await this.writer.write({
      appeal_type: dto.appealType,
      urgency: dto.urgency ?? 'normal',
      channel: dto.channel,
      hotline_id: dto.hotlineId ?? null,
      category_id: dto.categoryId ?? null,
      tags: dto.tags ?? [],
      citizen_name: dto.citizenName ?? null,
      citizen_phone: dto.citizenPhone ?? null,
      citizen_enterprise: dto.citizenEnterprise ?? null,
      confidential: dto.confidential ?? false,
      anonymous: dto.anonymous ?? false,
      publishable: dto.publishable ?? false,
      district_id: dto.districtId ?? null,
      street_id: dto.streetId ?? null,
      community_id: dto.communityId ?? null,
      address: dto.address ?? null,
      longitude: dto.longitude ?? null,
      latitude: dto.latitude ?? null,
      title: dto.title,
      content: dto.content,
      received_at: dto.receivedAt?.toISOString() ?? null,
      registered_by: user?.userId ?? null,
      actor_unit_id: user?.unitId ?? null,
      actor_role: user?.role ?? 'system',
      audience: await this.audienceUnits(null),
    });
    return this.toEntity(row);
  }

  // --- actions at registration ---
  submit = (u: AuthUser, id: string, d: ActionDto) => this.transition(u, id, 'submit', d, () => ({ patch: {} }));
  confirm = (u: AuthUser, id: string, d: ActionDto) => this.transition(u, id, 'confirm', d, () => ({ patch: {} }));

  closeFirstContact = (u: AuthUser, id: string, d: ActionDto & { answer: string }) =>
    this.transition(u, id, 'close_first_contact', d, ({ now }) => ({
      patch: { replyText: d.answer, result: 'resolved', closureKind: 'first_contact', closedAt: now, repliedAt: now },
    }));

  /** 不予受理. For a matter outside 12345's scope the answer is the path the citizen should take. */
  notAccept = (u: AuthUser, id: string, d: NotAcceptDto) =>
    this.transition(u, id, 'not_accept', d, ({ now }) => {
      const scope = d.outOfScope ? OUT_OF_SCOPE[d.outOfScope] : null;
      if (!scope && !d.reason) throw badRequest('TICKET.REASON_REQUIRED', '请填写不予受理的理由，或选择不属于受理范围的类型');
      const reason = [d.reason, scope && `不属于12345受理范围（${scope.label}）`].filter(Boolean).join('；');
      return {
        patch: { closureKind: 'not_accepted', closureNote: reason, closedAt: now, replyText: scope?.path ?? null },
        opinion: reason,
        details: scope ? { outOfScope: d.outOfScope, path: scope.path } : undefined,
      };
    });

  /** 转110/119/120/122: closed here, and the hand-over recorded for both sides' statistics. */
  transfer = (u: AuthUser, id: string, d: TransferDto) =>
    this.transition(u, id, 'transfer', d, ({ now }) => ({
      patch: { closureKind: 'transferred', transferTarget: d.target, closedAt: now },
      details: { target: d.target, externalRef: d.externalRef ?? null },
      after: async (m, t) => {
        await m.insert(TicketTransfer, {
          ticketId: t.id,
          direction: 'out',
          partner: d.target,
          externalRef: d.externalRef ?? null,
          note: d.opinion ?? null,
          recordedBy: u.userId,
        });
      },
    }));

  /**
   * 补全登记信息: before dispatch, the centre completes or corrects what the channel could not fill in
   * (an appeal from WeChat or SMS arrives with only its text). The flow record lists what changed.
   */
  amend = (u: AuthUser, id: string, d: AmendTicketDto) =>
    this.transition(u, id, 'amend', d, async ({ t }) => {
      const { version: _v, opinion: _o, ...fields } = d;
      const merged = { ...t, ...fields } as Ticket;
      await this.catalog.checkReferences({ ...merged, hotlineId: null });
      if (merged.anonymous && (merged.citizenName || merged.citizenPhone)) {
        throw badRequest('TICKET.ANONYMOUS_WITH_IDENTITY', '匿名诉求不应登记姓名和电话；如需对单位保密，请选择“保密”');
      }
      const patch: Partial<Ticket> = {};
      const changed: string[] = [];
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        const before = (t as unknown as Record<string, unknown>)[k];
        if (JSON.stringify(before) === JSON.stringify(v)) continue;
        (patch as Record<string, unknown>)[k] = v;
        changed.push(k);
      }
      if (changed.length === 0) throw badRequest('TICKET.NOTHING_TO_AMEND', '没有需要修改的内容');
      return { patch, details: { changed } };
    });

  merge = (u: AuthUser, id: string, d: MergeDto) =>
    this.transition(u, id, 'merge', d, async ({ m, t, scope }) => {
      const parent = await this.findVisible(m, d.parent, scope);
      if (!parent) throw unprocessable('TICKET.MERGE_PARENT_NOT_FOUND', `主单 ${d.parent} 不存在`);
      if (parent.id === t.id) throw unprocessable('TICKET.MERGE_INTO_SELF', '不能与自己并单');
      if (parent.mergedIntoId || !isOpen(parent.state)) {
        throw conflict('TICKET.MERGE_PARENT_NOT_OPEN', `主单 ${parent.no} 已办结或已并入其他工单，请选择未办结的主单`);
      }
      return { patch: { mergedIntoId: parent.id, closedAt: null }, details: { parentId: parent.id, parentNo: parent.no } };
    });

  // --- handling ---
  sign = (u: AuthUser, id: string, d: ActionDto) =>
    this.transition(u, id, 'sign', d, ({ t, now }) => ({ patch: { signedAt: t.signedAt ?? now } }));

  recordContact = (u: AuthUser, id: string, d: ActionDto) =>
    this.transition(u, id, 'record_contact', d, ({ t, now }) => ({ patch: { firstContactAt: t.firstContactAt ?? now } }));

  reply = (u: AuthUser, id: string, d: ActionDto & { result: Ticket['result']; replyText: string }) =>
    this.transition(u, id, 'reply', d, ({ now }) => ({
      patch: { result: d.result, replyText: d.replyText, repliedAt: now, rework: false },
      details: { result: d.result },
    }));

  acceptReply = (u: AuthUser, id: string, d: ActionDto) =>
    this.transition(u, id, 'accept_reply', d, ({ t, now }) => {
      if (!t.parentId) return { patch: {} };
      return {
        patch: { closureKind: 'child_done', closedAt: now },
        after: async (m) => {
          const [[parent]] = await m.query(
            `UPDATE ticket SET open_children = open_children - 1, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id, state`,
            [t.parentId],
          );
          await insertFlow(m, {
            ticketId: t.parentId!,
            action: 'child_closed',
            fromState: parent.state,
            toState: parent.state,
            actorUserId: u.userId,
            actorUnitId: u.unitId,
            actorRole: u.role,
            details: { childId: t.id, childNo: t.no, result: t.result },
          });
          await this.emit(m, JOBS.domainEvents.ticketChanged, (await m.findOneBy(Ticket, { id: t.parentId! }))!, 'child_closed');
        },
      };
    });

  sendBack = (u: AuthUser, id: string, d: ActionDto) => this.transition(u, id, 'send_back', d, () => ({ patch: { rework: true } }));

  recordCallback = (u: AuthUser, id: string, d: CallbackDto) =>
    this.transition(u, id, 'record_callback', d, ({ now }) => {
      if (d.reached && (!d.satisfaction || !d.resolved)) {
        throw badRequest('TICKET.CALLBACK_INCOMPLETE', '联系上诉求人时，须记录是否解决和满意度');
      }
      return {
        patch: {
          callbackReached: d.reached,
          callbackResult: d.reached ? d.resolved! : null,
          satisfaction: d.reached ? d.satisfaction! : null,
          callbackNote: d.opinion ?? null,
          calledBackAt: now,
          closedAt: now,
          closureKind: 'handled',
        },
        details: { reached: d.reached, resolved: d.resolved ?? null, satisfaction: d.satisfaction ?? null },
      };
    });

  close = (u: AuthUser, id: string, d: ActionDto & { reason: string }) =>
    this.transition(u, id, 'close', d, ({ now }) => ({
      patch: { closedAt: now, closureKind: 'handled', closureNote: d.reason },
      opinion: d.reason,
    }));

  archive = (u: AuthUser, id: string, d: ActionDto) => this.transition(u, id, 'archive', d, ({ now }) => ({ patch: { archivedAt: now } }));

  /**
   * Runs one lifecycle action: lock the order, check the version, ask the state machine, apply the
   * effect, write the flow record and the event; all in one transaction. Other libs (dispatch,
   * callbacks) bring their own effects through here; nobody else changes an order's state.
   */
  async transition(
    user: Acting,
    idOrNo: string,
    action: TicketAction,
    dto: ActionDto,
    effect: (c: ActContext) => Effect | Promise<Effect>,
  ): Promise<Ticket> {
    const scope: Scope = user === 'system' ? { all: true } : await this.access.scopeOf(user);
    return this.dataSource.transaction(async (m) => {
      const t = await this.findVisible(m, idOrNo, scope, true);
      if (!t) throw notFound('TICKET.NOT_FOUND', '工单不存在');
      if (t.version !== dto.version) {
        throw conflict('TICKET.STALE_VERSION', '工单已被他人更新，请刷新后重试', { currentVersion: t.version, yourVersion: dto.version });
      }
      const missing = transitionFor(action).requires.filter((f) => {
        const v = (dto as unknown as Record<string, unknown>)[f];
        return v === undefined || v === null || v === '';
      });
      if (missing.length) throw badRequest('REQUEST.VALIDATION_FAILED', `输入有误：缺少 ${missing.join('、')}`, { missing });
      const decision = decide(this.facts(t), action, await this.actor(m, user, scope, t));
      if (!decision.ok) {
        throw new DomainError(decision.code, decision.message, decision.status, {
          state: t.state,
          action,
          allowedActions: decision.allowed,
        });
      }
      const now = new Date();
      const e = await effect({ m, t, next: decision.next, user, scope, now });
      const updated = await this.apply(m, t, { ...e.patch, state: decision.next });
      await this.recordFlow(m, t.id, action, t.state, decision.next, user, e.opinion ?? dto.opinion ?? null, e.details ?? null);
      await e.after?.(m, updated);
      await this.emitChanged(m, updated, action);
      return updated;
    });
  }

  /** Writes column changes to a locked order and bumps its version. */
  async apply(m: EntityManager, t: Pick<Ticket, 'id'>, patch: Partial<Ticket>): Promise<Ticket> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      params.push(k === 'pendingRequest' && v !== null ? JSON.stringify(v) : v);
      sets.push(`${TICKET_COLUMNS.get(k)} = $${params.length}`);
    }
    params.push(t.id);
    const [rows] = await m.query(
      `UPDATE ticket SET ${sets.join(', ')}${sets.length ? ', ' : ''}version = version + 1, updated_at = now() WHERE id = $${params.length} RETURNING *`,
      params,
    );
    return this.toEntity(rows[0]);
  }

  /** Appends one step to an order's history (the table refuses anything but inserts). */
  async recordFlow(
    m: EntityManager,
    ticketId: string,
    action: FlowAction,
    from: TicketState | null,
    to: TicketState,
    user: Acting,
    opinion: string | null = null,
    details: Record<string, unknown> | null = null,
  ): Promise<void> {
    const actor =
      user === 'system'
        ? { actorUserId: null, actorUnitId: null, actorRole: 'system' }
        : { actorUserId: user.userId, actorUnitId: user.unitId, actorRole: user.role };
    await insertFlow(m, { ticketId, action, fromState: from, toState: to, ...actor, opinion, details });
  }

  pending(
    u: AuthUser,
    kind: PendingRequest['kind'],
    reason: string,
    resumeState: TicketState,
    extra: Partial<PendingRequest>,
  ): PendingRequest {
    return { kind, requestedBy: u.userId, requestedByUnit: u.unitId, requestedAt: new Date().toISOString(), reason, resumeState, ...extra };
  }

  /** A child order for a unit below (二级/三级派单), dispatched at once, with deadlines inside the parent's. */
  async createChild(
    m: EntityManager,
    p: Ticket,
    unitId: number,
    d: { signDueAt: Date; contactDueAt: Date; dueAt: Date; warnAt: Date | null },
    u: AuthUser,
    now: Date,
  ): Promise<Ticket> {
    const [row] = await m.query(
      `INSERT INTO ticket (no, state, appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone, citizen_enterprise,
         confidential, anonymous, district_id, street_id, community_id, address, longitude, latitude, title, content, received_at,
         lead_unit_id, dispatch_level, parent_id, dispatched_at, sign_due_at, contact_due_at, finish_due_at, due_at, warn_at, time_limit_rule, registered_by)
       SELECT next_ticket_no($1), 'dispatched', appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone,
         citizen_enterprise, confidential, anonymous, district_id, street_id, community_id, address, longitude, latitude, title, content,
         received_at, $2, $3, id, $4, $5, $6, $7, $7, $8, 'sub_dispatch', $9
       FROM ticket WHERE id = $10 RETURNING *`,
      [
        this.config.CITY_TIMEZONE,
        unitId,
        await this.units.depth(unitId),
        now,
        d.signDueAt,
        d.contactDueAt,
        d.dueAt,
        d.warnAt,
        u.userId,
        p.id,
      ],
    );
    const child = this.toEntity(row);
    await this.recordFlow(m, child.id, 'sub_dispatch', null, 'dispatched', u, null, {
      parentId: p.id,
      parentNo: p.no,
      unitId,
      dueAt: d.dueAt.toISOString(),
    });
    await this.emit(m, JOBS.domainEvents.ticketCreated, child, 'sub_dispatch');
    await this.emit(m, JOBS.domainEvents.ticketDispatched, child, 'sub_dispatch');
    return child;
  }

  /** An order by id, whoever may see it (for the platform's own work: timers, auto-dispatch). */
  findById(id: string): Promise<Ticket | null> {
    return this.dataSource.getRepository(Ticket).findOne({ where: { id } });
  }

  /** Finds an order by id or number inside the user's scope; another unit's order is indistinguishable from none. */
  async findVisible(m: EntityManager, idOrNo: string, scope: Scope, lock = false): Promise<Ticket | null> {
    const where = /^\d{1,18}$/.test(idOrNo) ? { id: idOrNo } : { no: idOrNo };
    const t = await m.getRepository(Ticket).findOne({ where, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!t) return null;
    if (scope.all || TicketAccess.covers(scope, t.leadUnitId)) return t;
    const co = await m.getRepository(TicketCoUnit).find({ where: { ticketId: t.id } });
    return co.some((c) => TicketAccess.covers(scope, c.unitId)) ? t : null;
  }

  facts(t: Ticket): TicketFacts {
    return {
      state: t.state,
      appealType: t.appealType,
      parentId: t.parentId,
      openChildren: t.openChildren,
      closureKind: t.closureKind,
      pendingRequestedBy: t.pendingRequest?.requestedBy ?? null,
      resumeState: t.pendingRequest?.resumeState ?? null,
      leadUnitId: t.leadUnitId,
      inspected: t.inspectedAt !== null,
    };
  }

  async actor(m: EntityManager, user: Acting, scope: Scope, t: Ticket): Promise<Actor> {
    if (user === 'system') return { userId: null, role: 'system', holdsOrder: false, holdsParent: false };
    let holdsParent = false;
    if (t.parentId) {
      const [p] = await m.query('SELECT lead_unit_id FROM ticket WHERE id = $1', [t.parentId]);
      holdsParent = TicketAccess.covers(scope, p?.lead_unit_id ?? null);
    }
    let holdsCoUnit = false;
    if (user.role === 'handler' && !scope.all) {
      const co = await m.getRepository(TicketCoUnit).find({ where: { ticketId: t.id } });
      holdsCoUnit = co.some((c) => TicketAccess.covers(scope, c.unitId));
    }
    return { userId: user.userId, role: user.role, holdsOrder: TicketAccess.covers(scope, t.leadUnitId), holdsParent, holdsCoUnit };
  }

  /** The units whose rooms may hear about an order: the lead and co-handling units and every unit above them. */
  async audienceUnits(leadUnitId: number | null, coUnitIds: number[] = []): Promise<number[]> {
    const set = new Set<number>(await this.units.roots());
    for (const u of [leadUnitId, ...coUnitIds]) if (u) for (const a of await this.units.ancestry(u)) set.add(a);
    return [...set];
  }

  async emitChanged(m: EntityManager, t: Ticket, action: FlowAction): Promise<void> {
    await this.emit(m, JOBS.domainEvents.ticketChanged, t, action);
  }

  async emit(m: EntityManager, type: (typeof JOBS.domainEvents)[keyof typeof JOBS.domainEvents], t: Ticket, action: string): Promise<void> {
    const co = await m.getRepository(TicketCoUnit).find({ where: { ticketId: t.id } });
    const unitIds = await this.audienceUnits(
      t.leadUnitId,
      co.map((c) => c.unitId),
    );
    await appendOutbox(
      m,
      type,
      t.id,
      { unitIds, ticketId: t.id },
      {
        id: t.id,
        no: t.no,
        state: t.state,
        version: t.version,
        action,
        channel: t.channel,
        urgency: t.urgency,
        categoryId: t.categoryId,
        leadUnitId: t.leadUnitId,
        parentId: t.parentId,
        dueAt: t.dueAt,
      },
    );
  }

  /** A raw row as an entity, without TypeORM's per-column transformer walk (this is the hot path). */
  toEntity(row: Record<string, unknown>): Ticket {
    return Object.assign(new Ticket(), this.fromRow(row));
  }

  /** Raw rows (snake_case) to entity properties. */
  fromRow(row: Record<string, unknown>): Partial<Ticket> {
    const out: Record<string, unknown> = {};
    for (const [prop, col] of TICKET_COLUMNS) if (col in row) out[prop] = row[col];
    return out as Partial<Ticket>;
  }
}
