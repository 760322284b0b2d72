import Module from 'node:module';
import { nodeBuiltin } from '../node-builtin.js';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../providers/ids.js';
import { reportInternalError } from '../diagnostics.js';
import { copyContaining } from './loader.js';
import { sdkLoaded } from './sdk-modules.js';
import { notifyOnEvaluation, SDK_LOADED } from './notify-source.js';

/**
 * Patch on load: costkit sees each SDK build when the app loads it, instead of
 * loading every installed SDK itself.
 *
 * - CommonJS (every Node version): `Module.prototype.require` is wrapped; a
 *   require of an SDK package (its name or a subpath) reports the exports it
 *   returned. One Set lookup per require; the SDK's own relative requires never
 *   match.
 * - ESM (Node >= 22.15, `module.registerHooks`): an in-thread load hook appends
 *   to the SDK's ESM entry a line that hands its namespace to costkit when it has
 *   been evaluated (notify-source.ts). On older Node the same transform runs in
 *   the off-thread loader `costkit/register` installs; without it, init()
 *   imports the ESM builds itself (init.ts says when).
 *
 * Installed once per process (state on globalThis: every bundle of costkit
 * shares it), removed by `unhookModules()` on shutdown.
 */
export interface WatchedSdk {
  provider: Provider;
  packageName: string;
}

interface HookState {
  byName: Map<string, WatchedSdk>;
  restoreRequire: (() => void) | undefined;
  esmHooks: { deregister(): void } | undefined;
}

const STATE = Symbol.for('costkit.moduleHooks');
type Holder = { [STATE]?: HookState; [SDK_LOADED]?: (url: string, namespace: unknown) => void };

function state(): HookState {
  return ((globalThis as Holder)[STATE] ??= { byName: new Map(), restoreRequire: undefined, esmHooks: undefined });
}

/** Watches these SDK packages from now on (the list replaces the previous one). */
export function hookModules(watched: readonly WatchedSdk[], options: { esm: boolean }): void {
  const s = state();
  s.byName = new Map(watched.map((w) => [w.packageName, w]));
  s.restoreRequire ??= hookRequire();
  if (options.esm && !s.esmHooks) s.esmHooks = hookImports();
  // The ESM builds' notification (from this hook or from costkit/register's loader).
  (globalThis as Holder)[SDK_LOADED] ??= onEsmEvaluated;
}

/** Whether ESM builds loaded from now on are seen by an in-thread hook. */
export function hooksImports(): boolean {
  return state().esmHooks !== undefined;
}

const PRELOADED = Symbol.for('costkit.preloaded');

/** costkit/register ran before the app's own modules: every SDK build the app loaded was seen. */
export function markPreloaded(): void {
  (globalThis as Record<symbol, unknown>)[PRELOADED] = true;
}

export function wasPreloaded(): boolean {
  return (globalThis as Record<symbol, unknown>)[PRELOADED] === true;
}

export function unhookModules(): void {
  const s = state();
  s.restoreRequire?.();
  s.restoreRequire = undefined;
  s.esmHooks?.deregister();
  s.esmHooks = undefined;
}

/** The watched SDK a bare specifier (`openai`, `openai/client`, `@google/genai/node`) belongs to. */
function watchedFor(id: string): WatchedSdk | undefined {
  const { byName } = state();
  if (byName.size === 0 || id.charCodeAt(0) === 46 /* . */ || id.charCodeAt(0) === 47 /* / */) return undefined;
  const exact = byName.get(id);
  if (exact) return exact;
  const slash = id.indexOf('/', id.charCodeAt(0) === 64 /* @ */ ? id.indexOf('/') + 1 : 0);
  return slash === -1 ? undefined : byName.get(id.slice(0, slash));
}

type RequireFn = (this: Module & { filename?: string }, id: string) => unknown;
type ModuleInternals = { _resolveFilename?(request: string, parent: unknown): string };

function hookRequire(): () => void {
  const proto = (Module as unknown as { prototype: { require: RequireFn } }).prototype;
  const original = proto.require;
  const resolve = (Module as unknown as ModuleInternals)._resolveFilename;
  const hooked: RequireFn = function require(this: Module, id: string) {
    const exports = original.call(this, id);
    const watched = typeof id === 'string' ? watchedFor(id) : undefined;
    if (watched && typeof resolve === 'function') {
      try {
        const copy = copyContaining(resolve.call(Module, id, this), watched.packageName);
        if (copy) sdkLoaded(watched.provider, watched.packageName, copy, 'cjs', exports);
      } catch (error) {
        reportInternalError(`require hook (${id})`, error);
      }
    }
    return exports;
  };
  proto.require = hooked;
  // Someone wrapped on top of us: leave their wrapper (and ours under it) in place.
  return () => {
    if (proto.require === hooked) proto.require = original;
  };
}

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
}
type RegisterHooks = (hooks: { load(url: string, context: unknown, next: (url: string, context?: unknown) => LoadResult): LoadResult }) => { deregister(): void };

function hookImports(): { deregister(): void } | undefined {
  const registerHooks = nodeBuiltin<{ registerHooks?: RegisterHooks }>('node:module').registerHooks;
  if (typeof registerHooks !== 'function') return undefined;
  return registerHooks({
    load(url, context, next) {
      const result = next(url, context);
      if (result.format !== 'module' || !url.startsWith('file:') || !isSdkEntry(url)) return result;
      return { ...result, source: notifyOnEvaluation(result.source, url) };
    },
  });
}

function isSdkEntry(url: string): boolean {
  const path = fileURLToPath(url);
  for (const { packageName } of state().byName.values()) {
    if (copyContaining(path, packageName)?.esmEntry === path) return true;
  }
  return false;
}

function onEsmEvaluated(url: string, namespace: unknown): void {
  try {
    const path = fileURLToPath(url);
    for (const watched of state().byName.values()) {
      const copy = copyContaining(path, watched.packageName);
      if (copy?.esmEntry === path) sdkLoaded(watched.provider, watched.packageName, copy, 'esm', namespace);
    }
  } catch (error) {
    reportInternalError('import hook', error);
  }
}
