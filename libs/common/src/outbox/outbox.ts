import { EntityManager } from 'typeorm';
import { DomainEventType } from '../queues/queue-names';
import { OutboxEvent } from './outbox-event.entity';

/** Rooms a realtime event may reach; computed when the event is written, while the state is known. */
export interface EventAudience {
  unitIds: number[];
  ticketId?: string;
  userIds?: number[];
}

export interface DomainEventPayload {
  audience: EventAudience;
  data: Record<string, unknown>;
  occurredAt: string;
}

/** Appends an event inside the caller's transaction: the event exists exactly when the change does. */
export async function appendOutbox(
  manager: EntityManager,
  type: DomainEventType,
  aggregateId: string,
  audience: EventAudience,
  data: Record<string, unknown>,
): Promise<void> {
  const payload: DomainEventPayload = { audience, data, occurredAt: new Date().toISOString() };
  await manager.insert(OutboxEvent, { type, aggregateId, payload } as never);
}
