import costkit, { callEventSchema, type CallEvent, type CostkitEvent, type Exporter } from '../../src/index.js';

/** An in-memory exporter: what a test asserts on. */
export function collector(): Exporter & { events: CostkitEvent[]; calls(): CallEvent[]; recorded(): Promise<CallEvent[]> } {
  const events: CostkitEvent[] = [];
  const calls = () => events.filter((e): e is CallEvent => e.schema === 'costkit.call/1');
  return {
    events,
    calls,
    /** Flushes costkit, then returns the call events so far, each checked against the published schema. */
    async recorded() {
      await costkit.flush();
      const recorded = calls();
      for (const event of recorded) callEventSchema.parse(event);
      return recorded;
    },
    async export(batch) {
      events.push(...batch);
    },
  };
}
