import { Hotline } from '@app/catalog';
import { JOBS, appendOutbox } from '@app/common';
import { AuthUser } from '@app/identity';
import {
  APPEAL_TYPE_LABELS,
  FINAL_STATES,
  PiiAccessLog,
  STATE_LABELS,
  Ticket,
  TicketAccess,
  TicketsService,
  maskedCitizen,
  mayViewPersonalData,
  plainCitizen,
  unmaskedFor,
} from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { normalisePhone } from '../../phone-number';

const RECENT = 5;
const OPEN_MAX = 20;
/** A screen pop the worker could not deliver within this long is dropped: the agent has moved on. */
export const SCREEN_POP_TTL_SECONDS = 120;

export interface ScreenPopCall {
  id: string;
  callId: string;
  callerNumber: string | null;
  answeredAt: Date;
  waitSeconds: number | null;
}

/**
 * 来电弹屏: what the agent who answered sees at once: who is calling, through which line, and the
 * caller's recent and open orders, masked as the agent's role sees orders (the centre's agents see the
 * caller of an ordinary order, never of a confidential or anonymous one). Every unmasked order shown is
 * audited like a detail view. Written to the outbox in the call's transaction; the worker sends it to
 * the agent's own room only.
 */
@Injectable()
export class ScreenPop {
  constructor(
    private readonly access: TicketAccess,
    private readonly tickets: TicketsService,
  ) {}

  async append(m: EntityManager, call: ScreenPopCall, hotline: Hotline, agent: AuthUser): Promise<void> {
    const phone = normalisePhone(call.callerNumber);
    const [recent, open] = phone ? await this.history(m, phone, agent) : [[], []];
    const shown = new Map([...recent, ...open].map((t) => [t.id, t]));
    const audited = [...shown.values()].filter((t) => unmaskedFor(agent.role, t));
    if (audited.length) {
      await m.insert(
        PiiAccessLog,
        audited.map((t) => ({ userId: agent.userId, ticketId: t.id, purpose: 'screen_pop', fields: ['name', 'phone'] })),
      );
    }
    const summary = (t: Ticket) => ({
      id: t.id,
      no: t.no,
      state: t.state,
      stateLabel: STATE_LABELS[t.state],
      appealType: t.appealType,
      appealTypeLabel: APPEAL_TYPE_LABELS[t.appealType],
      title: t.title,
      categoryId: t.categoryId,
      leadUnitId: t.leadUnitId,
      receivedAt: t.receivedAt,
      dueAt: t.dueAt,
      confidential: t.confidential,
      citizen: mayViewPersonalData(agent.role, t) ? plainCitizen(t) : maskedCitizen(t),
    });
    await appendOutbox(
      m,
      JOBS.domainEvents.callScreenPop,
      call.id,
      { unitIds: [], userIds: [agent.userId] },
      {
        callId: call.callId,
        callRecordId: call.id,
        callerNumber: call.callerNumber,
        hotline: { id: hotline.id, number: hotline.number, name: hotline.name, mode: hotline.mode },
        answeredAt: call.answeredAt.toISOString(),
        waitSeconds: call.waitSeconds,
        expiresAt: new Date(Date.now() + SCREEN_POP_TTL_SECONDS * 1000).toISOString(),
        recentOrders: recent.map(summary),
        openOrders: open.map(summary),
      },
    );
  }

  /** The caller's newest orders, and every one still open (up to a screenful), within what the agent may see. */
  private async history(m: EntityManager, phone: string, agent: AuthUser): Promise<[Ticket[], Ticket[]]> {
    const scope = await this.access.scopeOf(agent);
    const units = scope.all ? null : scope.unitIds;
    // One connection (the call's transaction): the two reads run one after the other.
    const recent = await m.query(
      `SELECT t.* FROM ticket t WHERE t.citizen_phone = $1 AND ($2::int[] IS NULL OR t.lead_unit_id = ANY($2))
       ORDER BY t.received_at DESC, t.id DESC LIMIT ${RECENT}`,
      [phone, units],
    );
    const open = await m.query(
      `SELECT t.* FROM ticket t WHERE t.citizen_phone = $1 AND ($2::int[] IS NULL OR t.lead_unit_id = ANY($2)) AND t.state <> ALL($3)
       ORDER BY t.received_at DESC, t.id DESC LIMIT ${OPEN_MAX}`,
      [phone, units, FINAL_STATES],
    );
    const toTicket = (r: Record<string, unknown>) => this.tickets.toEntity(r);
    return [recent.map(toTicket), open.map(toTicket)];
  }
}
