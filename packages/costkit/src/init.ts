import { parseInitOptions, type InitOptions, type ParsedInitOptions } from './config.js';
import { Runtime, activeRuntime, setActiveRuntime, type CostkitStats } from './runtime.js';
import { findPackageCopies, loadEsm, requiredCjs, requiredCopies, type PackageCopy } from './instrument/loader.js';
import { unwrap } from './instrument/wrap.js';
import { settlePending } from './instrument/pending.js';
import { hookModules, unhookModules, wasPreloaded, type WatchedSdk } from './instrument/module-hooks.js';
import { esmBuildsToImport } from './instrument/esm-before-init.js';
import { isLoaded, patchReports, sdkLoaded, setWantedProviders, type PatchReport } from './instrument/sdk-modules.js';
import { ADAPTERS } from './providers/index.js';
import { PROVIDER_IDS, type Provider } from './providers/ids.js';
import { installGuards } from './guard/install.js';
import { installBudgets, shutdownBudgets } from './budget/install.js';
import { reportInternalError, warnOnce } from './diagnostics.js';
import { installExitHooks } from './exit-hooks.js';
import { settleBy, timeoutOf, type DeadlineOptions } from './pipeline/deadline.js';

export type { PatchReport } from './instrument/sdk-modules.js';

// Which build of costkit this is (tsup defines it per format; the source, run by
// the tests, is ESM). An app that imports costkit is an ESM app: its static
// imports, SDKs included, ran before init().
declare const __COSTKIT_FORMAT__: 'esm' | 'cjs' | undefined;
const FORMAT = typeof __COSTKIT_FORMAT__ === 'undefined' ? 'esm' : __COSTKIT_FORMAT__;

/** The last runtime's numbers stay readable after shutdown() ("dropped after shutdown"). */
let lastRuntime: Runtime | undefined;

/**
 * Starts (or reconfigures) costkit. SDK builds the app has loaded are patched
 * before this returns, and builds it loads later are patched as they load
 * (patch on load: costkit loads no SDK the app does not). An ESM app's static
 * imports ran before this call and no hook saw them, so unless
 * `costkit/register` watched since startup, costkit's ESM build imports the
 * SDK ESM builds already loaded (a cache hit), found among V8's scripts; on
 * Node without in-thread module hooks, every installed one
 * (esm-before-init.ts). The promise resolves once they are patched. Calling it again reconfigures:
 * nothing is patched twice, a provider no longer asked for is unpatched, and
 * calls in flight finish into the new configuration.
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
  installBudgets(runtime, previous);
  previous?.retire(runtime);
  setActiveRuntime(runtime);
  lastRuntime = runtime;
  // Events already queued under the old configuration still reach its exporters.
  previous?.pipeline.shutdown().catch((error) => reportInternalError('reconfigure', error));
  installExitHooks();

  const wanted = new Set(PROVIDER_IDS.filter((id) => parsed.instrument?.[id] !== false));
  for (const id of PROVIDER_IDS) if (!wanted.has(id)) unwrap(id);
  const watched: WatchedSdk[] = [...wanted].flatMap((provider) => ADAPTERS[provider].sdks.map((sdk) => ({ provider, packageName: sdk.packageName })));
  hookModules(watched, { esm: true });
  setWantedProviders(wanted, ADAPTERS);

  const imports: Promise<void>[] = [];
  const importEsm = FORMAT === 'esm' && !wasPreloaded();
  let mustImport: ((esmEntry: string) => boolean) | undefined;
  // Without ESM builds to import, only what is already loaded needs patching now: the hooks see the rest load.
  const loaded = importEsm ? undefined : safeRequiredCopies(watched.map((sdk) => sdk.packageName));
  for (const { provider, packageName } of watched) {
    for (const copy of loaded ? (loaded.get(packageName) ?? []) : safeInstalledCopies(packageName)) {
      sdkLoaded(provider, packageName, copy, 'cjs', requiredCjs(copy));
      if (!importEsm || !copy.esmEntry || isLoaded(copy, 'esm')) continue;
      mustImport ??= esmBuildsToImport();
      if (mustImport(copy.esmEntry)) imports.push(importBuild(provider, packageName, copy));
    }
  }
  return Promise.all(imports).then(() => patchReports());
}

function importBuild(provider: Provider, packageName: string, copy: PackageCopy): Promise<void> {
  return loadEsm(copy).then(
    (mod) => sdkLoaded(provider, packageName, copy, 'esm', mod),
    (error) => warnOnce(`load:${copy.esmEntry}`, `costkit: could not load ${packageName} (ESM build) to instrument it: ${error}`),
  );
}

function safeInstalledCopies(packageName: string): PackageCopy[] {
  try {
    return findPackageCopies(packageName);
  } catch (error) {
    reportInternalError(`resolve ${packageName}`, error);
    return [];
  }
}

function safeRequiredCopies(packageNames: string[]): Map<string, PackageCopy[]> {
  try {
    return requiredCopies(packageNames);
  } catch (error) {
    reportInternalError('find the loaded SDKs', error);
    return new Map();
  }
}

/**
 * Instruments one client explicitly, for bundlers and runtimes where module
 * patching cannot reach the SDK. Returns the same client.
 */
export function instrument<T extends object>(client: T): T {
  for (const provider of PROVIDER_IDS) {
    const sdk = ADAPTERS[provider].sdks.find((s) => s.owns(client));
    if (sdk) {
      sdk.patchClient(client);
      return client;
    }
  }
  const names = PROVIDER_IDS.flatMap((id) => ADAPTERS[id].sdks.map((s) => s.packageName)).join(', ');
  throw new TypeError(`costkit.instrument: not a client of a supported SDK (${names})`);
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
  const deadline = Date.now() + timeoutOf(options, 'costkit.shutdown');
  const runtime = activeRuntime();
  // Calls that finished settle their budgets before the store closes below.
  runtime?.completeFinished();
  setActiveRuntime(undefined);
  setWantedProviders(undefined);
  unwrap();
  if (!wasPreloaded()) unhookModules();
  // One deadline for both: settles reach the budget store and alerts their webhooks
  // before the store closes, then every event (theirs included) reaches the exporters.
  await shutdownBudgets(runtime, Math.max(0, deadline - Date.now()));
  await runtime?.pipeline.shutdown({ timeoutMs: Math.max(0, deadline - Date.now()) });
}

const NO_STATS: CostkitStats = Object.freeze({
  enqueued: 0,
  exported: 0,
  dropped: 0,
  failed: 0,
  deadLettered: 0,
  exportFailures: 0,
  timeouts: 0,
  queued: 0,
  exporters: [],
  calls: 0,
  unpricedCalls: 0,
  unpricedModels: [],
  budgetStoreErrors: 0,
  budgetSettlesDropped: 0,
  budgetAlertsFailed: 0,
  internalErrors: 0,
}) as CostkitStats;

/** The running (or, after shutdown(), the last) instance's counters; zeros before init(). */
export function stats(): CostkitStats {
  return (activeRuntime() ?? lastRuntime)?.stats() ?? { ...NO_STATS, exporters: [], unpricedModels: [] };
}
