import type { CostkitEvent, Provider } from '../event.js';
import type { CallRecord } from '../recorder.js';
import { isoTimestamp } from '../time.js';
import type { Tags } from '../context.js';
import { reportInternalError } from '../diagnostics.js';

/**
 * What an exporter may see of a call at its start, on the caller's path: the one
 * moment the caller's async context (its active OpenTelemetry span, say) is there.
 * Exporters run later, off that path, so one that needs it captures it here.
 * Part of the call lifecycle (the runtime runs these hooks when it starts a call);
 * exported to exporters from `costkit/exporters`.
 */
export interface CallStart {
  readonly provider: Provider;
  readonly operation: string;
  readonly model: string;
  readonly stream: boolean;
  readonly tags: Readonly<Tags>;
  /** The event's `timestamp`. */
  readonly timestamp: string;
  /**
   * Keeps `value` with this call's event, in memory only: stored under `key` (a
   * symbol), which JSON.stringify skips, so no file or collector ever sees it.
   * Read it back in an exporter with `attachment(event, key)`.
   */
  attach(key: symbol, value: unknown): void;
  /**
   * Puts the trace the call runs in on its event (`traceId`, `spanId`: W3C hex
   * ids), so cost joins to traces. The OpenTelemetry bridge calls it when a span
   * is active; invalid ids are ignored.
   */
  setTraceContext(traceId: string, spanId: string): void;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

export type CallStartHook = (call: CallStart) => void;

// One registry per process, however many copies of costkit are loaded (the
// `costkit` and `costkit/exporters` bundles, ESM and CJS builds).
const REGISTRY = Symbol.for('costkit.callStartHooks');
type Holder = { [REGISTRY]?: Set<CallStartHook> };

function hooks(): Set<CallStartHook> {
  const holder = globalThis as Holder;
  return (holder[REGISTRY] ??= new Set());
}

/**
 * Runs `hook` at the start of every instrumented call, synchronously, before the
 * request is sent. Keep it to a few property reads: it is on the provider call's
 * path. A hook that throws is reported once and the call goes on. Returns a
 * function that removes the hook.
 */
export function onCallStart(hook: CallStartHook): () => void {
  hooks().add(hook);
  return () => {
    hooks().delete(hook);
  };
}

/** A value a call-start hook attached to this event, or undefined. */
export function attachment<T = unknown>(event: CostkitEvent, key: symbol): T | undefined {
  return (event as unknown as Record<symbol, T | undefined>)[key];
}

/** Called by the runtime for each call it starts (a Map lookup and nothing else when no hook is registered). */
export function runCallStartHooks(record: CallRecord): void {
  const registered = (globalThis as Holder)[REGISTRY];
  if (!registered || registered.size === 0) return;
  const call: CallStart = {
    provider: record.spec.provider,
    operation: record.spec.operation,
    model: record.spec.model,
    stream: record.spec.stream,
    tags: record.tags,
    timestamp: isoTimestamp(record.startedAtEpochMs),
    attach(key, value) {
      if (typeof key === 'symbol') (record.attachments ??= {})[key] = value;
    },
    setTraceContext(traceId, spanId) {
      if (TRACE_ID.test(traceId) && SPAN_ID.test(spanId) && !/^0+$/.test(traceId)) record.annotate({ traceId, spanId });
    },
  };
  for (const hook of registered) {
    try {
      hook(call);
    } catch (error) {
      reportInternalError('onCallStart hook', error);
    }
  }
}
