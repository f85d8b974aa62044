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
  /** Deadline timers: reminders, yellow and red cards (the sweeper runs on an interval, from the database). */
  timers: 'deadline-timers',
  /** Hotspot report generation: the job id only; the job row in PostgreSQL is the truth (libs/reports). */
  reports: 'reports',
} as const;

export const JOBS = {
  domainEvents: {
    ticketCreated: 'ticket.created',
    ticketChanged: 'ticket.changed',
    ticketDispatched: 'ticket.dispatched',
    approvalRequested: 'approval.requested',
    notificationCreated: 'notification.created',
    /** To the agent who answered a call: the caller's number, the line, their recent and open orders (phone channel). */
    callScreenPop: 'call.screen_pop',
  },
  timers: {
    fire: 'timer.fire',
  },
  reports: {
    generate: 'report.generate',
  },
} as const;

export type DomainEventType = (typeof JOBS.domainEvents)[keyof typeof JOBS.domainEvents];

/** A timer firing retries a few times (its handler is idempotent); the sweeper re-creates lost ones. */
export const TIMER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Retry policy for relayed domain events: a handler failure retries with backoff, then stays failed for inspection. */
export const DOMAIN_EVENT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;

/** A report job is not retried by Bull: a failure is recorded on the job row, and a stalled one is put back by the sweeper. */
export const REPORT_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
