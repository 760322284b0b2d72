import { newId } from '../ids.js';
import type { Tags } from '../context.js';
import type { BudgetEvent } from '../event.js';
import type { Runtime } from '../runtime.js';
import { reportInternalError } from '../diagnostics.js';
import { isoTimestamp } from '../time.js';

/** A budget event before the envelope is added. */
export type BudgetEventFields = Omit<BudgetEvent, 'schema' | 'id' | 'timestamp' | 'service' | 'environment' | 'tags'> & { tags?: Tags };

export type BudgetEventListener = (event: BudgetEvent) => void;

/** Where a budget event goes besides the exporters: the alert sinks. */
export interface BudgetEventSink {
  deliver(event: BudgetEvent): void;
  /** Waits for deliveries in flight, at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
}

// Listeners outlive init(): an app subscribes once, whatever it reconfigures later.
const listeners = new Set<BudgetEventListener>();

/**
 * Calls `listener` with every `costkit.budget/1` event (threshold crossed,
 * limit reached, call refused or degraded, store unavailable), after the call
 * path has moved on. Returns a function that unsubscribes it.
 */
export function onBudgetEvent(listener: BudgetEventListener): () => void {
  if (typeof listener !== 'function') throw new TypeError('onBudgetEvent: expected a function, e.g. costkit.onBudgetEvent((event) => …)');
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Budget events of one runtime: one envelope, then every exporter, every listener and every alert sink. */
export class BudgetEvents {
  constructor(
    private readonly runtime: Runtime,
    readonly sinks: readonly BudgetEventSink[],
  ) {}

  emit(fields: BudgetEventFields): BudgetEvent {
    const { runtime } = this;
    const event = {
      schema: 'costkit.budget/1',
      id: newId(),
      timestamp: isoTimestamp(Date.now()),
      service: runtime.service,
      environment: runtime.environment,
      tags: {},
      ...fields,
    } as BudgetEvent;
    runtime.pipeline.enqueue(event);
    for (const sink of this.sinks) {
      try {
        sink.deliver(event);
      } catch (error) {
        reportInternalError('budget alert', error);
      }
    }
    // The app's listeners run off the call path: a slow or throwing one cannot hold or break a provider call.
    if (listeners.size > 0) queueMicrotask(() => notify(event));
    return event;
  }

  async flush(timeoutMs: number): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.flush(timeoutMs)));
  }
}

function notify(event: BudgetEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      reportInternalError('onBudgetEvent listener', error);
    }
  }
}
