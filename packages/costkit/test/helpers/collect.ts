import type { CallEvent, CostkitEvent, Exporter } from '../../src/index.js';

/** An in-memory exporter: what a test asserts on. */
export function collector(): Exporter & { events: CostkitEvent[]; calls(): CallEvent[] } {
  const events: CostkitEvent[] = [];
  return {
    events,
    calls: () => events.filter((e): e is CallEvent => e.schema === 'costkit.call/1'),
    async export(batch) {
      events.push(...batch);
    },
  };
}
