import { DataSource } from 'typeorm';
import { TicketDriver } from '../factories/ticket-driver';
import { World, buildWorld } from '../factories/world.factory';
import { Http } from './http';
import { System, startSystem } from './system';

export interface TestContext {
  sys: System;
  w: World;
  d: TicketDriver;
  ds: DataSource;
}

/**
 * The usual e2e setup for one file: a running system, a city of its own with signed-in users, and a
 * driver. Fills `ctx` in beforeAll and closes the system in afterAll.
 */
export function useWorld(
  opts: Parameters<typeof startSystem>[0] | (() => Parameters<typeof startSystem>[0]) = { worker: false },
): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.sys = await startSystem(typeof opts === 'function' ? opts() : opts);
    ctx.ds = ctx.sys.api.get(DataSource);
    ctx.w = await buildWorld(ctx.ds, new Http(ctx.sys.baseUrl));
    ctx.d = new TicketDriver(ctx.w);
  });
  afterAll(() => ctx.sys?.close());
  return ctx;
}
