import { parseInitOptions, type InitOptions, type ParsedInitOptions } from './config.js';
import { Runtime, activeRuntime, setActiveRuntime, type CostkitStats } from './runtime.js';
import { findPackageCopies, loadCjs, loadEsm, type PackageCopy } from './instrument/loader.js';
import { unwrap } from './instrument/wrap.js';
import { settlePending } from './instrument/pending.js';
import { ADAPTERS } from './providers/index.js';
import { PROVIDER_IDS, type Provider } from './providers/ids.js';
import type { SdkPatch } from './providers/adapter.js';
import { versionInRange } from './providers/versions.js';
import { installGuards } from './guard/install.js';
import { reportInternalError, warnOnce } from './diagnostics.js';
import { installExitHooks } from './exit-hooks.js';

/** What `init()` found and patched, per SDK copy and build. */
export interface PatchReport {
  provider: Provider;
  packageName: string;
  /** The copy's version, from its package.json. */
  version: string;
  root: string;
  build: 'cjs' | 'esm';
  methods: number;
}

const patchedBuilds = new Map<string, PatchReport>();
/** The last runtime's numbers stay readable after shutdown() ("dropped after shutdown"). */
let lastRuntime: Runtime | undefined;

/**
 * Starts (or reconfigures) costkit. The CommonJS builds of the SDKs are patched
 * before this returns, so a CommonJS app is covered from its next line; the
 * promise resolves once the ESM builds are patched too. Calling it again
 * reconfigures: nothing is patched twice, a provider no longer asked for is
 * unpatched, and calls in flight finish into the new configuration.
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
  previous?.retire(runtime);
  setActiveRuntime(runtime);
  lastRuntime = runtime;
  // Events already queued under the old configuration still reach its exporters.
  previous?.pipeline.shutdown().catch((error) => reportInternalError('reconfigure', error));
  installExitHooks();

  const wanted = PROVIDER_IDS.filter((id) => parsed.instrument?.[id] !== false);
  for (const id of PROVIDER_IDS) if (!wanted.includes(id)) unpatchProvider(id);

  const esmLoads: Promise<void>[] = [];
  for (const provider of wanted) {
    for (const sdk of ADAPTERS[provider].sdks) {
      for (const copy of safeCopies(sdk)) {
        patchBuild(provider, sdk, copy, 'cjs', () => loadCjs(copy));
        if (copy.esmEntry) {
          esmLoads.push(
            loadEsm(copy).then(
              (mod) => patchBuild(provider, sdk, copy, 'esm', () => mod),
              (error) => warnOnce(`load:${copy.esmEntry}`, `costkit: could not load ${sdk.packageName} (ESM build) to instrument it: ${error}`),
            ),
          );
        }
      }
    }
  }
  return Promise.all(esmLoads).then(() => [...patchedBuilds.values()]);
}

function unpatchProvider(provider: Provider): void {
  unwrap(provider);
  for (const [key, report] of patchedBuilds) if (report.provider === provider) patchedBuilds.delete(key);
}

function safeCopies(sdk: SdkPatch): PackageCopy[] {
  try {
    return findPackageCopies(sdk.packageName);
  } catch (error) {
    reportInternalError(`resolve ${sdk.packageName}`, error);
    return [];
  }
}

function patchBuild(provider: Provider, sdk: SdkPatch, copy: PackageCopy, build: 'cjs' | 'esm', load: () => unknown): void {
  const key = `${copy.root}#${build}`;
  if (patchedBuilds.has(key)) return;
  try {
    const mod = load();
    if (mod === undefined) return;
    if (!versionInRange(copy.version, sdk.versions)) {
      warnOnce(
        `version:${copy.root}`,
        `costkit: ${sdk.packageName} ${copy.version} is outside the versions costkit is tested with (${sdk.versions}); it is instrumented where its shape is recognised`,
      );
    }
    const methods = sdk.patchModule(mod);
    patchedBuilds.set(key, { provider, packageName: sdk.packageName, version: copy.version, root: copy.root, build, methods });
  } catch (error) {
    // An SDK version whose shape costkit does not know is skipped, never fatal.
    warnOnce(`patch:${key}`, `costkit: could not instrument ${sdk.packageName} (${build} build at ${copy.root}): ${error instanceof Error ? error.message : error}`);
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

/** Every event recorded so far reaches every exporter. */
export async function flush(): Promise<void> {
  await settlePending();
  await activeRuntime()?.pipeline.flush();
}

/** Flushes, stops timers and restores every patched method. */
export async function shutdown(): Promise<void> {
  const runtime = activeRuntime();
  setActiveRuntime(undefined);
  unwrap();
  patchedBuilds.clear();
  await runtime?.pipeline.shutdown();
}

const NO_STATS: CostkitStats = Object.freeze({
  enqueued: 0,
  exported: 0,
  dropped: 0,
  failed: 0,
  deadLettered: 0,
  exportFailures: 0,
  queued: 0,
  exporters: [],
  calls: 0,
  unpricedCalls: 0,
  unpricedModels: [],
  internalErrors: 0,
}) as CostkitStats;

/** The running (or, after shutdown(), the last) instance's counters; zeros before init(). */
export function stats(): CostkitStats {
  return (activeRuntime() ?? lastRuntime)?.stats() ?? { ...NO_STATS, exporters: [], unpricedModels: [] };
}
