import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; the api's HTTP metrics and Node's defaults. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'hotline_' });

export const httpDuration = new Histogram({
  name: 'hotline_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const ticketsRegistered = new Counter({
  name: 'hotline_tickets_registered_total',
  help: 'Work orders registered through the API, by channel',
  labelNames: ['channel'],
  registers: [registry],
});
