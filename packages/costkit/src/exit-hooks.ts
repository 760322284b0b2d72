/**
 * What happens to queued events when the process ends.
 *
 * - The event loop runs dry (`beforeExit`): every live pipeline is flushed; the
 *   exports keep the loop alive until they settle, then the process exits as usual.
 * - `process.exit()`, an uncaught exception or an unhandled rejection (`exit`):
 *   no more I/O can be awaited, so what is still queued or in flight is written
 *   synchronously by exporters that can (file, stdout, the http exporter's
 *   dead-letter file) and counted as lost, on stderr, for those that cannot.
 *
 * Signals are left alone on purpose: a listener for SIGTERM changes whether the
 * process dies, and two libraries that each re-raise "only if I am the sole
 * listener" (signal-exit does) leave a process that ignores SIGTERM. An app's own
 * SIGTERM handler should `await costkit.shutdown()` (docs/exporters.md).
 */

/** What the hooks need of a pipeline. */
export interface ExitAware {
  readonly pending: boolean;
  flush(): Promise<void>;
  writeRemainingSync(): void;
}

// One set and one pair of listeners per process, however many copies of costkit
// (ESM and CJS builds, the `costkit/exporters` bundle) are loaded.
const STATE = Symbol.for('costkit.exitHooks');
type Holder = { [STATE]?: { live: Set<ExitAware>; installed: boolean } };

function state(): { live: Set<ExitAware>; installed: boolean } {
  const holder = globalThis as Holder;
  return (holder[STATE] ??= { live: new Set(), installed: false });
}

export function trackPipeline(pipeline: ExitAware): void {
  state().live.add(pipeline);
  installExitHooks();
}

export function untrackPipeline(pipeline: ExitAware): void {
  state().live.delete(pipeline);
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
  for (const pipeline of state().live) {
    // Only when there is work: a flush that schedules nothing lets the process end.
    if (pipeline.pending) void pipeline.flush();
  }
}

function onExit(): void {
  for (const pipeline of state().live) {
    try {
      pipeline.writeRemainingSync();
    } catch {
      // Exiting: the pipeline has already said on stderr what it could not write.
    }
  }
}
