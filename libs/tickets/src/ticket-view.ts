import { Role } from '@app/identity';
import { ACTION_LABELS } from './lifecycle/ticket-actions';
import { maskName, maskPhone, mayViewPersonalData } from './masking';
import { Ticket } from './ticket.entity';
import { TicketFlow } from './ticket-flow.entity';
import { APPEAL_TYPE_LABELS, CHANNEL_LABELS, STATE_LABELS, URGENCY_LABELS } from './ticket.types';

export interface CitizenView {
  name: string | null;
  phone: string | null;
  enterprise: string | null;
  masked: boolean;
}

/** The order as the API returns it: ids and codes for machines, labels for people. */
export function toTicketView(t: Ticket, citizen: CitizenView, now = new Date()) {
  return {
    id: t.id,
    no: t.no,
    version: t.version,
    state: t.state,
    stateLabel: STATE_LABELS[t.state],
    appealType: t.appealType,
    appealTypeLabel: APPEAL_TYPE_LABELS[t.appealType],
    urgency: t.urgency,
    urgencyLabel: URGENCY_LABELS[t.urgency],
    channel: t.channel,
    channelLabel: CHANNEL_LABELS[t.channel],
    hotlineId: t.hotlineId,
    categoryId: t.categoryId,
    tags: t.tags,
    citizen,
    confidential: t.confidential,
    anonymous: t.anonymous,
    districtId: t.districtId,
    streetId: t.streetId,
    communityId: t.communityId,
    address: t.address,
    longitude: t.longitude === null ? null : Number(t.longitude),
    latitude: t.latitude === null ? null : Number(t.latitude),
    title: t.title,
    content: t.content,
    leadUnitId: t.leadUnitId,
    dispatchLevel: t.dispatchLevel,
    parentId: t.parentId,
    mergedIntoId: t.mergedIntoId,
    reopenRound: t.reopenRound,
    openChildren: t.openChildren,
    result: t.result,
    replyText: t.replyText,
    rework: t.rework,
    pendingRequest: t.pendingRequest,
    closureKind: t.closureKind,
    closureNote: t.closureNote,
    transferTarget: t.transferTarget,
    returnCount: t.returnCount,
    extensionCount: t.extensionCount,
    urgeCount: t.urgeCount,
    supervised: t.supervised,
    callback: { reached: t.callbackReached, result: t.callbackResult, satisfaction: t.satisfaction, note: t.callbackNote },
    deadlines: {
      signDueAt: t.signDueAt,
      contactDueAt: t.contactDueAt,
      finishDueAt: t.finishDueAt,
      extendedDueAt: t.extendedDueAt,
      dueAt: t.dueAt,
      rule: t.timeLimitRule,
      overdue: t.dueAt !== null && t.closedAt === null && t.repliedAt === null && new Date(t.dueAt) < now,
    },
    timestamps: {
      receivedAt: t.receivedAt,
      registeredAt: t.registeredAt,
      dispatchedAt: t.dispatchedAt,
      signedAt: t.signedAt,
      firstContactAt: t.firstContactAt,
      repliedAt: t.repliedAt,
      calledBackAt: t.calledBackAt,
      closedAt: t.closedAt,
      archivedAt: t.archivedAt,
      updatedAt: t.updatedAt,
    },
  };
}
export type TicketView = ReturnType<typeof toTicketView>;

export function maskedCitizen(t: Pick<Ticket, 'citizenName' | 'citizenPhone' | 'citizenEnterprise'>): CitizenView {
  return { name: maskName(t.citizenName), phone: maskPhone(t.citizenPhone), enterprise: t.citizenEnterprise, masked: true };
}

export function plainCitizen(t: Pick<Ticket, 'citizenName' | 'citizenPhone' | 'citizenEnterprise'>): CitizenView {
  return { name: t.citizenName, phone: t.citizenPhone, enterprise: t.citizenEnterprise, masked: false };
}

/** Whether a view of this order for this role shows the caller unmasked (and so must be audited). */
export function unmaskedFor(role: Role, t: Ticket): boolean {
  return mayViewPersonalData(role, t) && (t.citizenName !== null || t.citizenPhone !== null);
}

export function toFlowView(f: TicketFlow) {
  return {
    id: f.id,
    action: f.action,
    actionLabel: ACTION_LABELS[f.action] ?? f.action,
    fromState: f.fromState,
    toState: f.toState,
    actorUserId: f.actorUserId,
    actorUnitId: f.actorUnitId,
    actorRole: f.actorRole,
    opinion: f.opinion,
    details: f.details,
    at: f.createdAt,
  };
}
