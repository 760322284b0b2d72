import type { Provider } from '../providers/ids.js';
import type { ProviderAdapter } from '../providers/adapter.js';
import { versionInRange } from '../providers/versions.js';
import { warnOnce } from '../diagnostics.js';
import type { PackageCopy } from './loader.js';

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

/** One loaded build of one SDK copy: what the app (or costkit) loaded, and whether it is patched. */
interface LoadedSdk {
  provider: Provider;
  packageName: string;
  copy: PackageCopy;
  build: 'cjs' | 'esm';
  exports: unknown;
  /** Set while the build is patched (cleared when its provider is unpatched). */
  report: PatchReport | undefined;
}

/**
 * Every SDK build loaded in this process that costkit has seen: found in the
 * require cache at `init()`, reported by the module hooks as the app loads it,
 * or loaded by `init()` itself (ESM apps: see init.ts). Patching is per build,
 * once; a provider turned off by a later `init()` is unpatched and patched
 * again when it is turned back on. Process-wide (globalThis), since the module
 * hooks and every bundle of costkit (ESM and CJS builds, `costkit/register`)
 * report into the same one.
 */
interface Registry {
  loaded: Map<string, LoadedSdk>;
  /** The providers the running configuration instruments; undefined when costkit is off. */
  wanted: ReadonlySet<Provider> | undefined;
  /**
   * The adapters of the costkit bundle that ran init(): builds are patched with
   * its code, so the patched methods report to its runtime (costkit/register,
   * a separate bundle, only records).
   */
  adapters: Readonly<Record<Provider, ProviderAdapter>> | undefined;
}

const REGISTRY = Symbol.for('costkit.sdkModules');
type Holder = { [REGISTRY]?: Registry };

function registry(): Registry {
  return ((globalThis as Holder)[REGISTRY] ??= { loaded: new Map(), wanted: undefined, adapters: undefined });
}

/** Records a loaded SDK build and patches it when its provider is wanted. Idempotent per build. */
export function sdkLoaded(provider: Provider, packageName: string, copy: PackageCopy, build: 'cjs' | 'esm', exports: unknown): void {
  if (exports === undefined || exports === null) return;
  const state = registry();
  const key = `${copy.root}#${build}`;
  let entry = state.loaded.get(key);
  if (!entry) state.loaded.set(key, (entry = { provider, packageName, copy, build, exports, report: undefined }));
  if (state.wanted?.has(provider)) patchEntry(state, entry);
}

/**
 * The configuration changed: these providers are instrumented from now on.
 * Builds already seen are patched; builds of providers no longer wanted are
 * forgotten as patched (their methods were restored by `unwrap`).
 */
export function setWantedProviders(wanted: ReadonlySet<Provider> | undefined, adapters?: Readonly<Record<Provider, ProviderAdapter>>): void {
  const state = registry();
  state.wanted = wanted;
  if (adapters) state.adapters = adapters;
  for (const entry of state.loaded.values()) {
    if (wanted?.has(entry.provider)) patchEntry(state, entry);
    else entry.report = undefined;
  }
}

/** The builds patched now. */
export function patchReports(): PatchReport[] {
  const reports: PatchReport[] = [];
  for (const entry of registry().loaded.values()) if (entry.report) reports.push(entry.report);
  return reports;
}

/** Whether this build has been seen (loaded by the app or by costkit). */
export function isLoaded(copy: PackageCopy, build: 'cjs' | 'esm'): boolean {
  return registry().loaded.has(`${copy.root}#${build}`);
}

function patchEntry(state: Registry, entry: LoadedSdk): void {
  if (entry.report) return;
  const { copy, build } = entry;
  const sdk = state.adapters?.[entry.provider].sdks.find((s) => s.packageName === entry.packageName);
  if (!sdk) return;
  try {
    if (!versionInRange(copy.version, sdk.versions)) {
      warnOnce(
        `version:${copy.root}`,
        `costkit: ${sdk.packageName} ${copy.version} is outside the versions costkit is tested with (${sdk.versions}); it is instrumented where its shape is recognised`,
      );
    }
    const methods = sdk.patchModule(entry.exports);
    entry.report = { provider: entry.provider, packageName: sdk.packageName, version: copy.version, root: copy.root, build, methods };
  } catch (error) {
    // An SDK version whose shape costkit does not know is skipped, never fatal.
    warnOnce(`patch:${copy.root}#${build}`, `costkit: could not instrument ${sdk.packageName} (${build} build at ${copy.root}): ${error instanceof Error ? error.message : error}`);
  }
}
