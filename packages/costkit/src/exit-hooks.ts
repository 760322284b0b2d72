import { DEFAULT_TIMEOUT_MS } from './pipeline/deadline.js';

/**
 * What happens to queued events when the process ends.
 *
 * - The event loop runs dry (`beforeExit`): every live pipeline is flushed within
 *   the flush deadline; the flush keeps the process alive until it settles, then
 *   the process exits as usual.
 * - `process.exit()`, an uncaught exception or an unhandled rejection (`exit`):
 *   no more I/O can be awaited, so what is still queued or in flight is written
 *   synchronously by exporters that can (file, stdout, the http exporter's
 *   dead-letter file) and counted as lost, on stderr, for those that cannot.
 * - SIGTERM or SIGINT with no handler of the app's own: Node would die at once and
 *   lose the queues. costkit flushes them (within the flush deadline; a second
 *   signal cuts it short), writes what is left synchronously, then raises the same
 *   signal again with its listener removed, so the process dies of it exactly as it
 *   would have (same signal, same exit status), only after its events are out.
 * - SIGTERM or SIGINT when the app has a handler: costkit does nothing at the
 *   signal, neither keeping the process alive nor ending it; the app's handler
 *   decides (its `process.exit()` runs the `exit` hook, its
 *   `await costkit.shutdown()` delivers everything).
 *
 * Only while a pipeline is live (between init() and shutdown()) is a signal
 * listener installed; after shutdown() the process's signal handling is exactly
 * what it was.
 */

/** What the hooks need of a pipeline. */
export interface ExitAware {
  readonly pending: boolean;
  flush(options?: { timeoutMs?: number }): Promise<void>;
  writeRemainingSync(): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type HandledSignal = (typeof SIGNALS)[number];

interface State {
  live: Set<ExitAware>;
  installed: boolean;
  /** Pipelines whose beforeExit flush hit its deadline with work left: not flushed again (no loop). */
  gaveUp?: WeakSet<ExitAware>;
  signalListeners?: Partial<Record<HandledSignal, () => void>>;
  /** A signal is being handled: a second one ends the process at once. */
  dyingOf?: HandledSignal;
  /** The signal has been raised again: nothing more to do. */
  reraised?: boolean;
}

// One state and one set of listeners per process, however many copies of costkit
// (ESM and CJS builds, the `costkit/exporters` bundle) are loaded.
const STATE = Symbol.for('costkit.exitHooks');
type Holder = { [STATE]?: State };

function state(): State {
  const holder = globalThis as Holder;
  return (holder[STATE] ??= { live: new Set(), installed: false });
}

export function trackPipeline(pipeline: ExitAware): void {
  state().live.add(pipeline);
  installExitHooks();
  installSignalListeners();
}

export function untrackPipeline(pipeline: ExitAware): void {
  const s = state();
  s.live.delete(pipeline);
  if (s.live.size === 0) removeSignalListeners();
}

/** Installs the process hooks, once per process. */
export function installExitHooks(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
}

function onBeforeExit(): void {
  const s = state();
  const gaveUp = (s.gaveUp ??= new WeakSet());
  for (const pipeline of s.live) {
    // Only when there is work: a flush that schedules nothing lets the process end.
    if (!pipeline.pending || gaveUp.has(pipeline)) continue;
    void pipeline.flush().then(() => {
      if (pipeline.pending) gaveUp.add(pipeline);
    });
  }
}

function onExit(): void {
  writeAllSync();
}

function writeAllSync(): void {
  for (const pipeline of state().live) {
    try {
      pipeline.writeRemainingSync();
    } catch {
      // Exiting: the pipeline has already said on stderr what it could not write.
    }
  }
}

// Installed in worker threads too, where they are inert: Node delivers no signal to
// a worker's `process` listeners. Asking `isMainThread` instead would load
// node:worker_threads, and with it node:stream, at startup (about 2 ms on Node 24).
function installSignalListeners(): void {
  const s = state();
  if (s.signalListeners || s.dyingOf) return;
  const listeners: Partial<Record<HandledSignal, () => void>> = {};
  for (const signal of SIGNALS) {
    listeners[signal] = () => onSignal(signal);
    process.on(signal, listeners[signal]!);
  }
  s.signalListeners = listeners;
}

function removeSignalListeners(): void {
  const s = state();
  if (!s.signalListeners) return;
  for (const signal of SIGNALS) {
    const listener = s.signalListeners[signal];
    if (listener) process.removeListener(signal, listener);
  }
  s.signalListeners = undefined;
}

function onSignal(signal: HandledSignal): void {
  const s = state();
  if (s.dyingOf) return dieOf(s.dyingOf);
  if (appHandles(signal)) return;
  const pipelines = [...s.live];
  if (!pipelines.some((p) => p.pending)) return dieOf(signal);
  s.dyingOf = signal;
  void Promise.all(pipelines.map((p) => p.flush({ timeoutMs: DEFAULT_TIMEOUT_MS }).catch(() => undefined))).then(() => dieOf(signal));
}

/** Writes what is left, then lets the signal do what it would have done. */
function dieOf(signal: HandledSignal): void {
  const s = state();
  if (s.reraised) return;
  s.reraised = true;
  s.dyingOf = signal;
  writeAllSync();
  removeSignalListeners();
  process.kill(process.pid, signal);
}

/**
 * Whether someone other than costkit listens for `signal`. signal-exit (used by
 * many CLIs and test runners) re-raises a signal only when its own listeners are
 * the only ones; counting it as the app would leave a process that ignores
 * SIGTERM, since neither would re-raise. Its listeners are not counted: costkit
 * re-raises, and signal-exit, then alone, runs its own handlers and re-raises too.
 */
function appHandles(signal: HandledSignal): boolean {
  const ours = state().signalListeners?.[signal];
  const others = process.listeners(signal).filter((listener) => listener !== ours).length;
  return others - signalExitListeners() > 0;
}

function signalExitListeners(): number {
  const count = (emitter: unknown) => {
    const n = (emitter as { count?: unknown } | undefined)?.count;
    return typeof n === 'number' && n > 0 ? n : 0;
  };
  const v4 = (globalThis as Record<symbol, unknown>)[Symbol.for('signal-exit emitter')];
  const v3 = (process as unknown as { __signal_exit_emitter__?: unknown }).__signal_exit_emitter__;
  return count(v4) + count(v3);
}
