import { parseInitOptions, type InitOptions, type ParsedInitOptions } from './config.js';
import { Runtime, activeRuntime, setActiveRuntime, type CostkitStats } from './runtime.js';
import { findPackageCopies, loadCjs, loadEsm } from './instrument/loader.js';
import { unwrapAll } from './instrument/wrap.js';
import { settlePending } from './instrument/pending.js';
import { PATCHERS, type ProviderPatcher } from './providers/registry.js';
import { installGuards } from './guard/install.js';
import { reportInternalError, warnOnce } from './diagnostics.js';
import { installExitHooks } from './exit-hooks.js';
import { settleBy, timeoutOf, type DeadlineOptions } from './pipeline/deadline.js';

/** What `init()` found and patched, per SDK copy and build. */
export interface PatchReport {
  provider: string;
  packageName: string;
  root: string;
  build: 'cjs' | 'esm';
  methods: number;
}

const patchedBuilds = new Map<string, PatchReport>();

/**
 * Starts (or reconfigures) costkit. The CommonJS builds of the SDKs are patched
 * before this returns, so a CommonJS app is covered from its next line; the
 * promise resolves once the ESM builds are patched too. Calling it again
 * reconfigures; nothing is patched twice.
 */
export function init(options?: InitOptions): Promise<PatchReport[]> {
  let parsed: ParsedInitOptions;
  try {
    parsed = parseInitOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const previous = activeRuntime();
  const runtime = new Runtime(parsed);
  installGuards(runtime);
  setActiveRuntime(runtime);
  // Events already queued under the old configuration still reach its exporters.
  previous?.pipeline.shutdown().catch((error) => reportInternalError('reconfigure', error));
  installExitHook();

  const patchers = PATCHERS.filter((p) => parsed.instrument?.[p.provider] !== false);
  const esmLoads: Promise<void>[] = [];
  for (const patcher of patchers) {
    for (const copy of safeCopies(patcher)) {
      patchBuild(patcher, copy.root, 'cjs', () => loadCjs(copy));
      if (copy.esmEntry) {
        esmLoads.push(loadEsm(copy).then(
          (mod) => patchBuild(patcher, copy.root, 'esm', () => mod),
          (error) => warnOnce(`load:${copy.esmEntry}`, `costkit: could not load ${patcher.packageName} (ESM build) to instrument it: ${error}`),
        ));
      }
    }
  }
  return Promise.all(esmLoads).then(() => [...patchedBuilds.values()]);
}

function safeCopies(patcher: ProviderPatcher) {
  try {
    return findPackageCopies(patcher.packageName);
  } catch (error) {
    reportInternalError(`resolve ${patcher.packageName}`, error);
    return [];
  }
}

function patchBuild(patcher: ProviderPatcher, root: string, build: 'cjs' | 'esm', load: () => unknown): void {
  const key = `${root}#${build}`;
  if (patchedBuilds.has(key)) return;
  try {
    const mod = load();
    if (mod === undefined) return;
    const methods = patcher.patchModule(mod);
    patchedBuilds.set(key, { provider: patcher.provider, packageName: patcher.packageName, root, build, methods });
  } catch (error) {
    // An SDK version whose shape costkit does not know is skipped, never fatal.
    warnOnce(`patch:${key}`, `costkit: could not instrument ${patcher.packageName} (${build} build at ${root}): ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * Instruments one client explicitly, for bundlers and runtimes where module
 * patching cannot reach the SDK. Returns the same client.
 */
export function instrument<T extends object>(client: T): T {
  const patcher = PATCHERS.find((p) => p.owns?.(client));
  if (!patcher?.patchClient) {
    throw new TypeError('costkit.instrument: not a client of a supported SDK (openai, @anthropic-ai/sdk, @google/genai, @google/generative-ai)');
  }
  patcher.patchClient(client);
  return client;
}

/**
 * Every event recorded so far reaches every exporter, or at `timeoutMs` (default
 * 5000) goes to its dead-letter file, counted either way. Keeps the process alive
 * until it settles; never rejects for what an exporter does.
 */
export async function flush(options?: DeadlineOptions): Promise<void> {
  const deadline = Date.now() + timeoutOf(options, 'costkit.flush');
  await settleBy(settlePending(), deadline);
  await activeRuntime()?.pipeline.flush({ timeoutMs: Math.max(0, deadline - Date.now()) });
}

/** Flushes (within `timeoutMs`, default 5000), stops timers and restores every patched method. */
export async function shutdown(options?: DeadlineOptions): Promise<void> {
  const timeoutMs = timeoutOf(options, 'costkit.shutdown');
  const runtime = activeRuntime();
  setActiveRuntime(undefined);
  unwrapAll();
  patchedBuilds.clear();
  await runtime?.pipeline.shutdown({ timeoutMs });
}

export function stats(): CostkitStats | undefined {
  return activeRuntime()?.stats();
}

function installExitHook(): void {
  // beforeExit drains; exit (process.exit, uncaught exception) writes what is left synchronously.
  installExitHooks();
}
