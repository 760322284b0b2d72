import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit from '../../src/index.js';
import { isCompleteCost } from '../../src/cost-check.js';
import { collector } from '../helpers/collect.js';
import { DRIVERS, failed, type Case, type Driver, type Outcome } from './host/drivers.js';

/**
 * Never break the host: a broken provider answer reaches the app exactly as it
 * would without costkit (the same value, or the same error class, message and
 * status), costkit records one event per call saying how it went, and its own
 * trouble is reported on stderr once, never as an internal error.
 *
 * Cases are drawn by fast-check from a fixed seed (COSTKIT_FC_SEED replays
 * another; COSTKIT_FC_RUNS draws more). Each is run first with costkit off,
 * then with it on: truly uninstrumented, without an init() per case.
 */
const SEED = Number(process.env.COSTKIT_FC_SEED ?? 20261122);
const RUNS = Number(process.env.COSTKIT_FC_RUNS ?? 30);

let mock: MockProvider;
const warnings: string[] = [];
const onWarning = (w: Error & { code?: string }) => {
  if (w.code === 'COSTKIT') warnings.push(w.message);
};
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await costkit.shutdown();
  await mock.close();
});

async function run(driver: Driver, c: Case): Promise<Outcome> {
  mock.reset();
  mock.enqueue(c.canned, { path: driver.path });
  return driver.call(mock.url, c);
}

describe('a broken provider answer reaches the app unchanged', () => {
  it.each(DRIVERS.map((d, i) => [d.name, d, i] as const))('%s', async (_name, driver, index) => {
    const cases = fc.sample(driver.cases, { numRuns: RUNS, seed: SEED + index });
    await costkit.shutdown();
    const without: Outcome[] = [];
    for (const c of cases) without.push(await run(driver, c));

    const sink = collector();
    await costkit.init({ exporters: [sink] });
    for (const [i, c] of cases.entries()) {
      const where = `case ${i} of seed ${SEED + index}: ${JSON.stringify(c.canned).slice(0, 1500)}`;
      expect(await run(driver, c), where).toEqual(without[i]);
      const events = await sink.recorded();
      expect(events, where).toHaveLength(i + 1);
      const event = events[i]!;
      expect(event, where).toMatchObject({ provider: driver.provider, stream: driver.stream, status: failed(without[i]!) ? 'error' : 'ok' });
      if (event.cost) expect(isCompleteCost(event.cost), where).toBe(true);
    }
  });

  it('costkit said each of its troubles once, and none was an internal error', () => {
    expect(new Set(warnings).size).toBe(warnings.length);
    expect(warnings.filter((w) => w.includes('internal error'))).toEqual([]);
  });
});
