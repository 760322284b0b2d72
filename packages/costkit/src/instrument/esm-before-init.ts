import { realpathSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadedScriptUrls } from './loaded-modules.js';
import { hooksImports } from './module-hooks.js';

/**
 * For an ESM app that calls init() without costkit/register: which installed
 * SDK ESM builds init() must import itself so that the one the app imported
 * (before init(), unseen by any hook) is patched.
 *
 * With in-thread module hooks (Node >= 22.15) an SDK imported after init() is
 * patched as it loads, so only the builds already loaded need importing (an
 * import of a loaded module is a cache hit), and they are found among the
 * scripts V8 holds. Where imports after init() are invisible (older Node, no
 * costkit/register), the scripts cannot be listed, or the app's entry module
 * has not started yet, every installed build is imported, as the contract's
 * "before or after init()" needs.
 */
export function esmBuildsToImport(): (esmEntry: string) => boolean {
  if (!hooksImports()) return importEvery;
  const urls = loadedScriptUrls();
  if (!urls || !mainModuleRan(urls)) return importEvery;
  return (esmEntry) => wasLoaded(esmEntry, urls);
}

const importEvery = (): boolean => true;

/**
 * Whether the app's entry module has started running: once it has, everything
 * it imports statically has run, and an SDK among those is listed; before that
 * (init() called from a module the entry imports, or from a --import preload
 * of the app's own), an SDK may be loaded and not yet listed, so every build
 * is imported.
 *
 * V8 lists a module's script once one of its functions has run or its code has
 * finished, not while its top-level code waits at its first `await`: an entry
 * that starts with `await bootstrap()` (init() called inside, after an await)
 * is running but not listed. There the entry is on the async stack init() was
 * called from, which V8 records through every awaiting caller.
 */
function mainModuleRan(urls: ReadonlySet<string>): boolean {
  const main = mainModuleUrls();
  return main.some((url) => urls.has(url)) || onAsyncStack(main);
}

function mainModuleUrls(): string[] {
  const main = process.argv[1];
  if (!main) return [];
  const path = resolvePath(main);
  const urls = [pathToFileURL(path).href];
  try {
    const real = pathToFileURL(realpathSync(path)).href;
    if (real !== urls[0]) urls.push(real);
  } catch {
    // No such file (a REPL, `node -e`): its spelling is all there is.
  }
  return urls;
}

/**
 * Whether a frame of code from one of `urls` is on the current stack, awaiting
 * callers included. Read through V8's structured call sites (the app's own
 * `Error.prepareStackTrace`, a source-map rewriter say, is set aside and put
 * back), so no stack text is parsed.
 */
function onAsyncStack(urls: readonly string[]): boolean {
  if (urls.length === 0) return false;
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = 200;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, onAsyncStack);
    const sites = holder.stack;
    return Array.isArray(sites) && sites.some((site: NodeJS.CallSite) => urls.includes(site.getFileName() ?? ''));
  } catch {
    // Frozen intrinsics: the stack cannot be read, so the entry is not known to run.
    return false;
  } finally {
    try {
      Error.prepareStackTrace = prepareStackTrace;
      Error.stackTraceLimit = stackTraceLimit;
    } catch {
      // Nothing was changed.
    }
  }
}

/**
 * `entry` is a real path; the loader spells a module by its real path too,
 * except under --preserve-symlinks, when the spelling through a link is
 * resolved here.
 */
function wasLoaded(entry: string, urls: ReadonlySet<string>): boolean {
  if (urls.has(pathToFileURL(entry).href)) return true;
  const name = basename(entry);
  for (const url of urls) {
    if (!url.startsWith('file:') || !url.endsWith(name)) continue;
    try {
      if (realpathSync(fileURLToPath(url)) === entry) return true;
    } catch {
      // A script whose file is gone: not the entry.
    }
  }
  return false;
}
