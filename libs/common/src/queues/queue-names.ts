/**
 * Every Bull queue and job name in one place.
 *
 * WARNING: these strings are stored in Redis with every waiting and delayed job. Renaming one
 * orphans the jobs already queued under the old name: rename only with a migration step that
 * drains or moves them (the outbox can re-derive domain events; timers are rebuilt by their sweeper).
 */
export const QUEUES = {
  /** Domain events relayed from the outbox table. */
  domainEvents: 'domain-events',
} as const;

export const JOBS = {
  domainEvents: {
    ticketCreated: 'ticket.created',
    ticketChanged: 'ticket.changed',
  },
} as const;

export type DomainEventType = (typeof JOBS.domainEvents)[keyof typeof JOBS.domainEvents];

/** Retry policy for relayed domain events: a handler failure retries with backoff, then stays failed for inspection. */
export const DOMAIN_EVENT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;
