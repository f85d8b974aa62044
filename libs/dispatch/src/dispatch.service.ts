import { AppConfig, JOBS, appendOutbox, conflict, forbidden, unprocessable } from '@app/common';
import { AuthUser, UnitDirectory } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import {
  ActionDto,
  Acting,
  CatalogLookup,
  DispatchDto,
  ReasonActionDto,
  RequestExtensionDto,
  RequestReturnDto,
  SubDispatchDto,
  Ticket,
  TicketCoUnit,
  TicketsService,
} from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeadlineService } from './deadlines/deadline.service';
import { ApproveReturnDto, CoReplyDto, InspectDto, SuperviseDto } from './dto/dispatch.dto';
import { RoutingService } from './rules/routing.service';
import { SupervisionService } from './supervision/supervision.service';
import { centreReviewers, unitPeople } from './supervision/unit-people';

/**
 * The dispatch workflow (分得更准、办得更实): who gets an order and by when, returns and extensions
 * against the calendar, co-handling, urging, supervision and the 办不成事 inspection. Every action
 * goes through TicketsService.transition, so the state machine decides and the flow records it.
 */
@Injectable()
export class DispatchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly deadlines: DeadlineService,
    private readonly supervision: SupervisionService,
    private readonly routing: RoutingService,
    private readonly notifications: NotificationsService,
    private readonly catalog: CatalogLookup,
    private readonly units: UnitDirectory,
    private readonly config: AppConfig,
  ) {}

  dispatch(u: Acting, id: string, d: DispatchDto) {
    return this.tickets.transition(u, id, 'dispatch', d, async ({ t, now }) => {
      const coUnitIds = await this.checkTargets(d.leadUnitId, d.coUnitIds ?? []);
      const dl = await this.deadlines.compute(t, now, d.leadUnitId, d.timeLimitCode);
      const finish = d.dueAt ?? dl.finishDueAt;
      if (finish <= now) throw unprocessable('TICKET.DUE_IN_PAST', '办结期限必须晚于现在');
      const cap = (x: Date) => (x < finish ? x : finish);
      return {
        patch: {
          leadUnitId: d.leadUnitId,
          dispatchLevel: await this.units.depth(d.leadUnitId),
          dispatchedAt: now,
          signedAt: null,
          rework: false,
          signDueAt: cap(dl.signDueAt),
          contactDueAt: cap(dl.contactDueAt),
          finishDueAt: finish,
          extendedDueAt: null,
          dueAt: finish,
          warnAt: d.dueAt ? await this.deadlines.warnAt(now, finish) : dl.warnAt,
          card: null,
          timeLimitRule: d.dueAt ? 'manual' : dl.rule,
        },
        details: {
          leadUnitId: d.leadUnitId,
          coUnitIds,
          dueAt: finish.toISOString(),
          rule: d.dueAt ? 'manual' : dl.rule,
          auto: u === 'system',
        },
        after: async (mm, updated) => {
          await mm.delete(TicketCoUnit, { ticketId: t.id });
          if (coUnitIds.length)
            await mm.insert(
              TicketCoUnit,
              coUnitIds.map((unitId) => ({ ticketId: t.id, unitId })),
            );
          // A supervision order opened before dispatch (办不成事) presses the unit that now holds the order.
          await mm.query(`UPDATE supervision SET unit_id = $2 WHERE ticket_id = $1 AND state = 'open' AND unit_id IS NULL`, [
            t.id,
            d.leadUnitId,
          ]);
          await this.announceDispatch(mm, updated, [d.leadUnitId, ...coUnitIds]);
        },
      };
    });
  }

  /** 下派: a child order for a unit below, with its own deadline inside the parent's. */
  subDispatch(u: AuthUser, id: string, d: SubDispatchDto) {
    return this.tickets.transition(u, id, 'sub_dispatch', d, async ({ m, t, now }) => {
      await this.catalog.checkUnit(d.unitId, 'unitId');
      if (d.unitId === t.leadUnitId || !(await this.units.isWithin(d.unitId, t.leadUnitId!))) {
        throw unprocessable('TICKET.SUB_DISPATCH_SCOPE', '只能下派给本单位的下级单位', { unitId: d.unitId });
      }
      const due = d.dueAt ?? t.dueAt!;
      if (due > t.dueAt! || due <= now) throw unprocessable('TICKET.SUB_DISPATCH_DUE', '下派期限须晚于现在且不晚于本单期限');
      const dl = await this.deadlines.compute(t, now, d.unitId);
      const cap = (x: Date) => (x < due ? x : due);
      const child = await this.tickets.createChild(
        m,
        t,
        d.unitId,
        { signDueAt: cap(dl.signDueAt), contactDueAt: cap(dl.contactDueAt), dueAt: due, warnAt: await this.deadlines.warnAt(now, due) },
        u,
        now,
      );
      await this.announceDispatch(m, child, [d.unitId]);
      return {
        patch: { openChildren: t.openChildren + 1 },
        details: { childId: child.id, childNo: child.no, unitId: d.unitId, dueAt: due.toISOString() },
      };
    });
  }

  /** 退单: within the return window, with a reason and the unit that should have it. */
  requestReturn(u: AuthUser, id: string, d: RequestReturnDto) {
    return this.tickets.transition(u, id, 'request_return', d, async ({ m, t, now }) => {
      await this.catalog.checkUnit(d.suggestedUnitId, 'suggestedUnitId');
      const used = await this.deadlines.workingDaysBetween(t.dispatchedAt!, now);
      if (used > this.config.RETURN_WINDOW_WORKING_DAYS) {
        throw conflict(
          'TICKET.RETURN_WINDOW_CLOSED',
          `退单须在派单后 ${this.config.RETURN_WINDOW_WORKING_DAYS} 个工作日内提出（首接负责）`,
          {
            dispatchedAt: t.dispatchedAt,
            workingDaysSince: used,
          },
        );
      }
      await this.askForApproval(m, t, `退单申请：工单 ${t.no}`, d.reason);
      return {
        patch: { pendingRequest: this.tickets.pending(u, 'return', d.reason, 'in_progress', { suggestedUnitId: d.suggestedUnitId }) },
        opinion: d.reason,
        details: { suggestedUnitId: d.suggestedUnitId, from: t.state },
      };
    });
  }

  /** Approving sends the order back for dispatch, or straight on to the unit named. Returns count against the unit. */
  async approveReturn(u: AuthUser, id: string, d: ApproveReturnDto) {
    // Re-dispatching is a dispatcher's action: refuse before approving, so nothing is half done.
    if (d.leadUnitId && u.role !== 'dispatcher') {
      throw forbidden('TICKET.ROLE_NOT_ALLOWED', '只有派单员可以在同意退单时直接改派', { requiredRoles: ['dispatcher'] });
    }
    const returned = await this.tickets.transition(u, id, 'approve_return', d, ({ t }) => ({
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
        warnAt: null,
        card: null,
      },
      details: { returnedBy: t.leadUnitId, suggestedUnitId: t.pendingRequest?.suggestedUnitId ?? null },
      after: async (m) => void (await m.delete(TicketCoUnit, { ticketId: t.id })),
    }));
    if (!d.leadUnitId) return returned;
    return this.dispatch(u, returned.id, { version: returned.version, leadUnitId: d.leadUnitId, opinion: d.opinion });
  }

  refuseReturn(u: AuthUser, id: string, d: ActionDto) {
    return this.tickets.transition(u, id, 'refuse_return', d, ({ t, now }) => ({
      patch: { pendingRequest: null, rework: true, signedAt: t.signedAt ?? now },
    }));
  }

  /** 延期: asked before the deadline, for a date after it and within the limit, a limited number of times a round. */
  requestExtension(u: AuthUser, id: string, d: RequestExtensionDto) {
    return this.tickets.transition(u, id, 'request_extension', d, async ({ m, t, now }) => {
      if (t.extensionCount >= this.config.EXTENSION_MAX_PER_ROUND) {
        throw conflict('TICKET.EXTENSION_LIMIT', `每轮办理最多可延期 ${this.config.EXTENSION_MAX_PER_ROUND} 次`);
      }
      if (!t.dueAt || now >= t.dueAt) throw conflict('TICKET.EXTENSION_TOO_LATE', '延期须在办理期限届满前申请');
      if (d.newDueAt <= t.dueAt) throw unprocessable('TICKET.EXTENSION_DATE_INVALID', '延期后的期限必须晚于当前期限');
      const ceiling = await this.deadlines.addWorkingDays(t.dueAt, this.config.EXTENSION_MAX_WORKING_DAYS);
      if (d.newDueAt > ceiling) {
        throw unprocessable('TICKET.EXTENSION_TOO_LONG', `延期不能超过 ${this.config.EXTENSION_MAX_WORKING_DAYS} 个工作日`, {
          latest: ceiling.toISOString(),
        });
      }
      await this.askForApproval(m, t, `延期申请：工单 ${t.no}`, d.reason);
      return {
        patch: { pendingRequest: this.tickets.pending(u, 'extension', d.reason, 'in_progress', { newDueAt: d.newDueAt.toISOString() }) },
        opinion: d.reason,
        details: { newDueAt: d.newDueAt.toISOString(), currentDueAt: t.dueAt.toISOString() },
      };
    });
  }

  /** Approval moves the deadline (and with it the cards and reminders); refusal keeps it. */
  approveExtension(u: AuthUser, id: string, d: ActionDto) {
    return this.tickets.transition(u, id, 'approve_extension', d, async ({ t, now }) => {
      const newDue = new Date(t.pendingRequest!.newDueAt!);
      return {
        patch: {
          pendingRequest: null,
          extendedDueAt: newDue,
          dueAt: newDue,
          warnAt: await this.deadlines.warnAt(now, newDue),
          card: null,
          extensionCount: t.extensionCount + 1,
        },
        details: { newDueAt: newDue.toISOString(), previousDueAt: t.dueAt },
      };
    });
  }

  refuseExtension(u: AuthUser, id: string, d: ActionDto) {
    return this.tickets.transition(u, id, 'refuse_extension', d, () => ({ patch: { pendingRequest: null } }));
  }

  /** 重办: a new round for the same unit, with fresh deadlines. */
  reopen(u: Acting, id: string, d: ReasonActionDto) {
    return this.tickets.transition(u, id, 'reopen', d, async ({ t, now }) => {
      const dl = await this.deadlines.compute(t, now, t.leadUnitId);
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
          warnAt: dl.warnAt,
          card: null,
          timeLimitRule: dl.rule,
        },
        opinion: d.reason,
        details: { round: t.reopenRound + 1, previousSatisfaction: t.satisfaction, dueAt: dl.finishDueAt.toISOString() },
      };
    });
  }

  /** 催办: a note, counted, and the unit is told (with an SMS to its handlers). */
  urge(u: AuthUser, id: string, d: ActionDto & { opinion: string }) {
    return this.tickets.transition(u, id, 'urge', d, ({ m, t }) => ({
      patch: { urgeCount: t.urgeCount + 1 },
      after: async () => {
        if (!t.leadUnitId) return;
        const people = await unitPeople(m, t.leadUnitId, ['handler']);
        await this.notifications.notify(
          { ...people, smsTo: people.phones, kind: 'urge', ticketId: t.id, title: `催办：工单 ${t.no}`, body: d.opinion },
          m,
        );
      },
    }));
  }

  /** 督办 by a supervisor's decision: a supervision order with its owner and deadline. */
  supervise(u: AuthUser, id: string, d: SuperviseDto) {
    return this.tickets.transition(u, id, 'supervise', d, ({ m, t }) => ({
      patch: { supervised: true },
      opinion: d.reason,
      after: async () => void (await this.supervision.open(m, t, 'supervisor', d.reason, u.userId, d.dueAt)),
    }));
  }

  /** Confirming a 办不成事 order opens its supervision order at once. */
  confirm(u: AuthUser, id: string, d: ActionDto) {
    return this.tickets.transition(u, id, 'confirm', d, ({ m, t }) => ({
      patch: {},
      after: async () => void (await this.supervision.open(m, t, 'cannot_do', d.opinion ?? '办不成事诉求，经审核确认', u.userId)),
    }));
  }

  /** 监督检查 of a 办不成事 order: the findings are recorded, and the order may then close. */
  inspect(u: AuthUser, id: string, d: InspectDto) {
    return this.tickets.transition(u, id, 'inspect', d, ({ now }) => ({
      patch: { inspectedAt: now, inspectionNote: d.findings },
      opinion: d.findings,
    }));
  }

  /** 协办: a co-handling unit gives its part; the lead unit sees it on the order. */
  coReply(u: AuthUser, id: string, d: CoReplyDto) {
    return this.tickets.transition(u, id, 'co_reply', d, async ({ m, t, now, scope }) => {
      const co = await m.getRepository(TicketCoUnit).find({ where: { ticketId: t.id } });
      const mine = co.find((c) => scope.all || (!scope.all && scope.unitIds.includes(c.unitId)));
      if (!mine) throw unprocessable('TICKET.NOT_CO_UNIT', '本单位不是该工单的协办单位');
      await m.update(TicketCoUnit, { ticketId: t.id, unitId: mine.unitId }, { partReply: d.partReply, repliedAt: now });
      return { patch: {}, opinion: d.partReply, details: { coUnitId: mine.unitId } };
    });
  }

  /**
   * Dispatches an order without a dispatcher when its category allows it and the best catalogue rule is
   * marked auto-dispatch and clearly ahead. Safe to call twice: it acts only on an order still waiting.
   */
  async autoDispatch(ticketId: string): Promise<Ticket | null> {
    const t = await this.tickets.findById(ticketId);
    if (!t || t.state !== 'to_dispatch' || !t.categoryId) return null;
    // Read the switch fresh: the worker's caches would lag an admin's change made through the api.
    const [category] = await this.dataSource.query('SELECT auto_dispatch FROM category WHERE id = $1', [t.categoryId]);
    if (!category?.auto_dispatch) return null;
    const [best, second] = await this.routing.ruleMatches(t);
    if (!best?.rule.autoDispatch) return null;
    // A tie between two units is not confidence: a dispatcher decides.
    if (second && second.score === best.score && second.rule.leadUnitId !== best.rule.leadUnitId) return null;
    try {
      return await this.dispatch('system', t.id, {
        version: t.version,
        leadUnitId: best.rule.leadUnitId,
        coUnitIds: best.rule.coUnitIds,
        opinion: `自动派单（派单目录规则 #${best.rule.id}）`,
      });
    } catch (e) {
      // Someone else acted first: nothing to do.
      if (['TICKET.STALE_VERSION', 'TICKET.INVALID_TRANSITION'].includes((e as { code?: string }).code ?? '')) return null;
      throw e;
    }
  }

  private async checkTargets(leadUnitId: number, coUnitIds: number[]): Promise<number[]> {
    await this.catalog.checkUnit(leadUnitId, 'leadUnitId');
    if (await this.units.isRoot(leadUnitId)) throw unprocessable('UNIT.NOT_HANDLING', '热线中心不能作为承办单位');
    const co = [...new Set(coUnitIds)].filter((x) => x !== leadUnitId);
    for (const c of co) await this.catalog.checkUnit(c, 'coUnitIds');
    return co;
  }

  /** A newly dispatched order: its units hear it on their rooms and in their notices. */
  private async announceDispatch(m: EntityManager, t: Ticket, unitIds: number[]): Promise<void> {
    await this.tickets.emit(m, JOBS.domainEvents.ticketDispatched, t, 'dispatch');
    for (const unitId of unitIds) {
      const people = await unitPeople(m, unitId, ['handler']);
      const role = unitId === t.leadUnitId ? '主办' : '协办';
      await this.notifications.notify(
        {
          userIds: people.userIds,
          kind: 'dispatched',
          ticketId: t.id,
          title: `新派工单（${role}）：${t.no}`,
          body: `${t.title}；办理期限 ${t.dueAt ? new Date(t.dueAt).toISOString().slice(0, 16).replace('T', ' ') : '—'}`,
        },
        m,
      );
    }
  }

  /** A return or extension request: the centre's reviewers hear it on the centre room and in their notices. */
  private async askForApproval(m: EntityManager, t: Ticket, title: string, reason: string): Promise<void> {
    const roots = await this.units.roots();
    await appendOutbox(
      m,
      JOBS.domainEvents.approvalRequested,
      t.id,
      { unitIds: roots, ticketId: t.id },
      { id: t.id, no: t.no, title, reason },
    );
    await this.notifications.notify({ userIds: await centreReviewers(m, roots), kind: 'approval', ticketId: t.id, title, body: reason }, m);
  }
}
