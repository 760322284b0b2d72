import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit, { type CallEvent, type InitOptions } from '../../src/index.js';
import { collector } from './collect.js';

export type Collector = ReturnType<typeof collector>;

export interface Harness {
  /** The mock provider, started once for the file and reset before each test. */
  readonly mock: MockProvider;
  /** A fresh in-memory exporter for each test. */
  readonly sink: Collector;
  /** Flushes costkit and returns the call events so far, each checked against the schema. */
  events(): Promise<CallEvent[]>;
  /** (Re)starts costkit with these options and a fresh sink (for tests that need their own configuration). */
  start(options?: Omit<InitOptions, 'exporters'>): Promise<Collector>;
}

/**
 * The setup every provider and guard test file shares: one mock provider for
 * the file, reset before each test; costkit started before each test with an
 * in-memory exporter (unless `init: false`: the test calls `start`); shut down
 * after each, restoring every patched method.
 */
export function useHarness(options: { init?: Omit<InitOptions, 'exporters'> | false } = {}): Harness {
  let mock: MockProvider | undefined;
  let sink: Collector | undefined;
  const start = async (init: Omit<InitOptions, 'exporters'> = {}) => {
    sink = collector();
    await costkit.init({ ...init, exporters: [sink] });
    return sink;
  };
  beforeAll(async () => {
    mock = await startMockProvider({ port: 0 });
  });
  afterAll(() => mock?.close());
  beforeEach(async () => {
    mock!.reset();
    sink = collector();
    if (options.init !== false) await start(options.init);
  });
  afterEach(() => costkit.shutdown());
  return {
    get mock() {
      return mock!;
    },
    get sink() {
      return sink!;
    },
    events: () => sink!.recorded(),
    start,
  };
}
