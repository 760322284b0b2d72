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
 * V8 lists a module once it has started running, not while it waits in a
 * graph being evaluated. Once the app's entry module runs, everything it
 * imports statically has run; before that (init() called from a module the
 * entry imports, or from a --import preload of the app's own), an SDK may be
 * loaded and not yet listed, so every build is imported.
 */
function mainModuleRan(urls: ReadonlySet<string>): boolean {
  const main = process.argv[1];
  if (!main) return false;
  const path = resolvePath(main);
  if (urls.has(pathToFileURL(path).href)) return true;
  try {
    return urls.has(pathToFileURL(realpathSync(path)).href);
  } catch {
    return false;
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
