import { reportUnawaitedFailures } from '@app/common';
import Redis from 'ioredis';
import { waitFor } from '../setup/redis-server';

/**
 * socket.io's adapter and emitter publish and never look at the answer. A publish sent as the process
 * stops used to reject with nobody to catch it, which Node (and jest) count as a crash.
 */
describe('Redis commands sent without awaiting (integration, real Redis)', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  it('reports a publish the connection closed under instead of leaving its rejection unhandled', async () => {
    const failures: string[] = [];
    const client = reportUnawaitedFailures(new Redis(process.env.REDIS_URL!), (command, e) => failures.push(`${command}: ${e.message}`));
    client.on('error', () => undefined);
    expect(await client.publish('hotline-test-unawaited', 'delivered')).toBe(0);

    void client.quit();
    void client.publish('hotline-test-unawaited', 'sent after QUIT'); // what a library does: drop the promise
    await waitFor(() => failures.length > 0, 'the failed publish to be reported');
    // Let the event loop run the unhandled-rejection check once more before looking.
    await new Promise((resolve) => setImmediate(resolve));

    expect(failures).toEqual(['publish: Connection is closed.']);
    expect(unhandled).toEqual([]);
  });
});
