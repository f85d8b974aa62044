import { AppConfig, DomainError, JOBS, appendOutbox, badRequest, conflict, notFound, unprocessable } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogLookup } from './catalog-lookup';
import {
  ActionDto,
  CallbackDto,
  DispatchDto,
  MergeDto,
  RequestExtensionDto,
  RequestReturnDto,
  SubDispatchDto,
} from './dto/ticket-action.dto';
import { RegisterTicketDto } from './dto/register-ticket.dto';
import { EXTENSION_POLICY, addWorkingDays, computeDeadlines } from './lifecycle/default-deadlines';
import { FlowAction, TicketAction } from './lifecycle/ticket-actions';
import { Actor, TicketFacts, decide, isOpen, transitionFor } from './lifecycle/ticket-state-machine';
import { RegistrationWriter } from './registration-writer';
import { Scope, TicketAccess } from './ticket-access';
import { TicketCoUnit } from './ticket-co-unit.entity';
import { PendingRequest, Ticket } from './ticket.entity';
import { TicketFlow } from './ticket-flow.entity';
import { TicketState } from './ticket.types';

/** What an action changes besides the state: column values, and what the flow record says. */
interface Effect {
  patch: Partial<Ticket>;
  details?: Record<string, unknown>;
  opinion?: string | null;
  after?: (m: EntityManager, t: Ticket) => Promise<void>;
}

interface ActContext {
  m: EntityManager;
  t: Ticket;
  next: TicketState;
  user: AuthUser;
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
  submit = (u: AuthUser, id: string, d: ActionDto) => this.act(u, id, 'submit', d, () => ({ patch: {} }));
  confirm = (u: AuthUser, id: string, d: ActionDto) => this.act(u, id, 'confirm', d, () => ({ patch: {} }));

  closeFirstContact = (u: AuthUser, id: string, d: ActionDto & { answer: string }) =>
    this.act(u, id, 'close_first_contact', d, ({ now }) => ({
      patch: { replyText: d.answer, result: 'resolved', closureKind: 'first_contact', closedAt: now, repliedAt: now },
    }));

  notAccept = (u: AuthUser, id: string, d: ActionDto & { reason: string }) =>
    this.act(u, id, 'not_accept', d, ({ now }) => ({
      patch: { closureKind: 'not_accepted', closureNote: d.reason, closedAt: now },
      opinion: d.reason,
    }));

  transfer = (u: AuthUser, id: string, d: ActionDto & { target: Ticket['transferTarget'] }) =>
    this.act(u, id, 'transfer', d, ({ now }) => ({
      patch: { closureKind: 'transferred', transferTarget: d.target, closedAt: now },
      details: { target: d.target },
    }));

  merge = (u: AuthUser, id: string, d: MergeDto) =>
    this.act(u, id, 'merge', d, async ({ m, t, scope }) => {
      const parent = await this.findVisible(m, d.parent, scope);
      if (!parent) throw unprocessable('TICKET.MERGE_PARENT_NOT_FOUND', `主单 ${d.parent} 不存在`);
      if (parent.id === t.id) throw unprocessable('TICKET.MERGE_INTO_SELF', '不能与自己并单');
      if (parent.mergedIntoId || !isOpen(parent.state)) {
        throw conflict('TICKET.MERGE_PARENT_NOT_OPEN', `主单 ${parent.no} 已办结或已并入其他工单，请选择未办结的主单`);
      }
      return { patch: { mergedIntoId: parent.id, closedAt: null }, details: { parentId: parent.id, parentNo: parent.no } };
    });

  // --- dispatch and handling ---
  dispatch = (u: AuthUser, id: string, d: DispatchDto) =>
    this.act(u, id, 'dispatch', d, async ({ t, now }) => {
      await this.catalog.checkUnit(d.leadUnitId, 'leadUnitId');
      if (await this.units.isRoot(d.leadUnitId)) throw unprocessable('UNIT.NOT_HANDLING', '热线中心不能作为承办单位');
      const coUnitIds = [...new Set(d.coUnitIds ?? [])].filter((x) => x !== d.leadUnitId);
      for (const c of coUnitIds) await this.catalog.checkUnit(c, 'coUnitIds');
      const dl = computeDeadlines(t.appealType, t.urgency, now);
      const finish = d.dueAt ?? dl.finishDueAt;
      if (finish <= now) throw unprocessable('TICKET.DUE_IN_PAST', '办结期限必须晚于现在');
      return {
        patch: {
          leadUnitId: d.leadUnitId,
          dispatchLevel: await this.units.depth(d.leadUnitId),
          dispatchedAt: now,
          signedAt: null,
          signDueAt: dl.signDueAt < finish ? dl.signDueAt : finish,
          contactDueAt: dl.contactDueAt < finish ? dl.contactDueAt : finish,
          finishDueAt: finish,
          extendedDueAt: null,
          dueAt: finish,
          timeLimitRule: d.dueAt ? 'manual' : dl.rule,
          rework: false,
        },
        details: { leadUnitId: d.leadUnitId, coUnitIds, dueAt: finish.toISOString() },
        after: async (mm) => {
          await mm.delete(TicketCoUnit, { ticketId: t.id });
          if (coUnitIds.length)
            await mm.insert(
              TicketCoUnit,
              coUnitIds.map((unitId) => ({ ticketId: t.id, unitId })),
            );
        },
      };
    });

  sign = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'sign', d, ({ t, now }) => ({ patch: { signedAt: t.signedAt ?? now } }));

  recordContact = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'record_contact', d, ({ t, now }) => ({ patch: { firstContactAt: t.firstContactAt ?? now } }));

  requestReturn = (u: AuthUser, id: string, d: RequestReturnDto) =>
    this.act(u, id, 'request_return', d, async ({ t }) => {
      if (d.suggestedUnitId) await this.catalog.checkUnit(d.suggestedUnitId, 'suggestedUnitId');
      return {
        patch: { pendingRequest: this.pending(u, 'return', d.reason, 'in_progress', { suggestedUnitId: d.suggestedUnitId }) },
        opinion: d.reason,
        details: { suggestedUnitId: d.suggestedUnitId ?? null, from: t.state },
      };
    });

  approveReturn = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'approve_return', d, ({ t }) => ({
      patch: {
        pendingRequest: null,
        leadUnitId: null,
        returnCount: t.returnCount + 1,
        rework: false,
        signedAt: null,
        dispatchedAt: null,
        signDueAt: null,
        contactDueAt: null,
        finishDueAt: null,
        extendedDueAt: null,
        dueAt: null,
      },
      details: { returnedBy: t.leadUnitId, suggestedUnitId: t.pendingRequest?.suggestedUnitId ?? null },
      after: async (m) => void (await m.delete(TicketCoUnit, { ticketId: t.id })),
    }));

  refuseReturn = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'refuse_return', d, ({ t, now }) => ({ patch: { pendingRequest: null, rework: true, signedAt: t.signedAt ?? now } }));

  requestExtension = (u: AuthUser, id: string, d: RequestExtensionDto) =>
    this.act(u, id, 'request_extension', d, ({ t }) => {
      if (t.extensionCount >= EXTENSION_POLICY.maxPerRound) {
        throw conflict('TICKET.EXTENSION_LIMIT', `每轮办理最多可延期 ${EXTENSION_POLICY.maxPerRound} 次`);
      }
      if (!t.dueAt || d.newDueAt <= t.dueAt) throw unprocessable('TICKET.EXTENSION_DATE_INVALID', '延期后的期限必须晚于当前期限');
      const ceiling = addWorkingDays(t.dueAt, EXTENSION_POLICY.maxWorkingDays);
      if (d.newDueAt > ceiling) {
        throw unprocessable('TICKET.EXTENSION_TOO_LONG', `延期不能超过 ${EXTENSION_POLICY.maxWorkingDays} 个工作日`, {
          latest: ceiling.toISOString(),
        });
      }
      return {
        patch: { pendingRequest: this.pending(u, 'extension', d.reason, 'in_progress', { newDueAt: d.newDueAt.toISOString() }) },
        opinion: d.reason,
        details: { newDueAt: d.newDueAt.toISOString(), currentDueAt: t.dueAt.toISOString() },
      };
    });

  approveExtension = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'approve_extension', d, ({ t }) => {
      const newDue = new Date(t.pendingRequest!.newDueAt!);
      return {
        patch: { pendingRequest: null, extendedDueAt: newDue, dueAt: newDue, extensionCount: t.extensionCount + 1 },
        details: { newDueAt: newDue.toISOString() },
      };
    });

  refuseExtension = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'refuse_extension', d, () => ({ patch: { pendingRequest: null } }));

  /** 下派: a child order for a unit below, with its own deadline inside the parent's. */
  subDispatch = (u: AuthUser, id: string, d: SubDispatchDto) =>
    this.act(u, id, 'sub_dispatch', d, async ({ m, t, now }) => {
      await this.catalog.checkUnit(d.unitId, 'unitId');
      if (d.unitId === t.leadUnitId || !(await this.units.isWithin(d.unitId, t.leadUnitId!))) {
        throw unprocessable('TICKET.SUB_DISPATCH_SCOPE', '只能下派给本单位的下级单位', { unitId: d.unitId });
      }
      const due = d.dueAt ?? t.dueAt!;
      if (due > t.dueAt! || due <= now) throw unprocessable('TICKET.SUB_DISPATCH_DUE', '下派期限须晚于现在且不晚于本单期限');
      const child = await this.insertChild(m, t, d.unitId, due, u, now);
      return {
        patch: { openChildren: t.openChildren + 1 },
        details: { childId: child.id, childNo: child.no, unitId: d.unitId, dueAt: due.toISOString() },
      };
    });

  reply = (u: AuthUser, id: string, d: ActionDto & { result: Ticket['result']; replyText: string }) =>
    this.act(u, id, 'reply', d, ({ now }) => ({
      patch: { result: d.result, replyText: d.replyText, repliedAt: now, rework: false },
      details: { result: d.result },
    }));

  acceptReply = (u: AuthUser, id: string, d: ActionDto) =>
    this.act(u, id, 'accept_reply', d, ({ t, now }) => {
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

  sendBack = (u: AuthUser, id: string, d: ActionDto) => this.act(u, id, 'send_back', d, () => ({ patch: { rework: true } }));

  recordCallback = (u: AuthUser, id: string, d: CallbackDto) =>
    this.act(u, id, 'record_callback', d, ({ now }) => {
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
    this.act(u, id, 'close', d, ({ now }) => ({
      patch: { closedAt: now, closureKind: 'handled', closureNote: d.reason },
      opinion: d.reason,
    }));

  /** 重办: a new round for the same unit, with a fresh deadline. */
  reopen = (u: AuthUser, id: string, d: ActionDto & { reason: string }) =>
    this.act(u, id, 'reopen', d, ({ t, now }) => {
      const dl = computeDeadlines(t.appealType, t.urgency, now);
      return {
        patch: {
          reopenRound: t.reopenRound + 1,
          closedAt: null,
          closureKind: null,
          closureNote: null,
          result: null,
          replyText: null,
          repliedAt: null,
          rework: true,
          extensionCount: 0,
          extendedDueAt: null,
          signDueAt: dl.signDueAt,
          contactDueAt: dl.contactDueAt,
          finishDueAt: dl.finishDueAt,
          dueAt: dl.finishDueAt,
          timeLimitRule: dl.rule,
        },
        opinion: d.reason,
        details: { round: t.reopenRound + 1, previousSatisfaction: t.satisfaction, dueAt: dl.finishDueAt.toISOString() },
      };
    });

  archive = (u: AuthUser, id: string, d: ActionDto) => this.act(u, id, 'archive', d, ({ now }) => ({ patch: { archivedAt: now } }));

  urge = (u: AuthUser, id: string, d: ActionDto) => this.act(u, id, 'urge', d, ({ t }) => ({ patch: { urgeCount: t.urgeCount + 1 } }));

  supervise = (u: AuthUser, id: string, d: ActionDto & { reason: string }) =>
    this.act(u, id, 'supervise', d, () => ({ patch: { supervised: true }, opinion: d.reason }));

  /**
   * Runs one lifecycle action: lock the order, check the version, ask the state machine, apply the
   * effect, write the flow record and the event; all in one transaction.
   */
  private async act(
    user: AuthUser,
    idOrNo: string,
    action: TicketAction,
    dto: ActionDto,
    effect: (c: ActContext) => Effect | Promise<Effect>,
  ): Promise<Ticket> {
    const scope = await this.access.scopeOf(user);
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
      const facts = this.facts(t);
      const actor = await this.actor(m, user, scope, t);
      const decision = decide(facts, action, actor);
      if (!decision.ok) {
        throw new DomainError(decision.code, decision.message, decision.status, {
          state: t.state,
          action,
          allowedActions: decision.allowed,
        });
      }
      const now = new Date();
      const e = await effect({ m, t, next: decision.next, user, scope, now });
      const patch: Partial<Ticket> = { ...e.patch, state: decision.next };
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [k, v] of Object.entries(patch)) {
        params.push(k === 'pendingRequest' && v !== null ? JSON.stringify(v) : v);
        sets.push(`${TICKET_COLUMNS.get(k)} = $${params.length}`);
      }
      params.push(t.id);
      const [rows] = await m.query(
        `UPDATE ticket SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $${params.length} RETURNING *`,
        params,
      );
      const updated = this.toEntity(rows[0]);
      await insertFlow(m, {
        ticketId: t.id,
        action: action as FlowAction,
        fromState: t.state,
        toState: decision.next,
        actorUserId: user.userId,
        actorUnitId: user.unitId,
        actorRole: user.role,
        opinion: e.opinion ?? dto.opinion ?? null,
        details: e.details ?? null,
      });
      await e.after?.(m, updated);
      await this.emitChanged(m, updated, action);
      return updated;
    });
  }

  private pending(
    u: AuthUser,
    kind: PendingRequest['kind'],
    reason: string,
    resumeState: TicketState,
    extra: Partial<PendingRequest>,
  ): PendingRequest {
    return { kind, requestedBy: u.userId, requestedByUnit: u.unitId, requestedAt: new Date().toISOString(), reason, resumeState, ...extra };
  }

  private async insertChild(m: EntityManager, p: Ticket, unitId: number, due: Date, u: AuthUser, now: Date): Promise<Ticket> {
    const level = await this.units.depth(unitId);
    const dl = computeDeadlines(p.appealType, p.urgency, now);
    const [row] = await m.query(
      `INSERT INTO ticket (no, state, appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone, citizen_enterprise,
         confidential, anonymous, district_id, street_id, community_id, address, longitude, latitude, title, content, received_at,
         lead_unit_id, dispatch_level, parent_id, dispatched_at, sign_due_at, contact_due_at, finish_due_at, due_at, time_limit_rule, registered_by)
       SELECT next_ticket_no($1), 'dispatched', appeal_type, urgency, channel, hotline_id, category_id, tags, citizen_name, citizen_phone,
         citizen_enterprise, confidential, anonymous, district_id, street_id, community_id, address, longitude, latitude, title, content,
         received_at, $2, $3, id, $4, least($5::timestamptz, $7::timestamptz), least($6::timestamptz, $7::timestamptz), $7, $7, 'sub_dispatch', $8
       FROM ticket WHERE id = $9 RETURNING *`,
      [this.config.CITY_TIMEZONE, unitId, level, now, dl.signDueAt, dl.contactDueAt, due, u.userId, p.id],
    );
    const child = this.toEntity(row);
    await insertFlow(m, {
      ticketId: child.id,
      action: 'sub_dispatch',
      fromState: null,
      toState: 'dispatched',
      actorUserId: u.userId,
      actorUnitId: u.unitId,
      actorRole: u.role,
      details: { parentId: p.id, parentNo: p.no, unitId, dueAt: due.toISOString() },
    });
    await this.emit(m, JOBS.domainEvents.ticketCreated, child, 'sub_dispatch');
    return child;
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
    };
  }

  async actor(m: EntityManager, user: AuthUser, scope: Scope, t: Ticket): Promise<Actor> {
    let holdsParent = false;
    if (t.parentId) {
      const [p] = await m.query('SELECT lead_unit_id FROM ticket WHERE id = $1', [t.parentId]);
      holdsParent = TicketAccess.covers(scope, p?.lead_unit_id ?? null);
    }
    return { userId: user.userId, role: user.role, holdsOrder: TicketAccess.covers(scope, t.leadUnitId), holdsParent };
  }

  /** The units whose rooms may hear about an order: the lead and co-handling units and every unit above them. */
  async audienceUnits(leadUnitId: number | null, coUnitIds: number[] = []): Promise<number[]> {
    const set = new Set<number>(await this.units.roots());
    for (const u of [leadUnitId, ...coUnitIds]) if (u) for (const a of await this.units.ancestry(u)) set.add(a);
    return [...set];
  }

  private async emitChanged(m: EntityManager, t: Ticket, action: TicketAction): Promise<void> {
    await this.emit(m, JOBS.domainEvents.ticketChanged, t, action);
  }

  private async emit(
    m: EntityManager,
    type: (typeof JOBS.domainEvents)[keyof typeof JOBS.domainEvents],
    t: Ticket,
    action: string,
  ): Promise<void> {
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
