/**
 * `costkit/register`: watch every SDK the app loads from the very start, so
 * `init()` has nothing to load itself.
 *
 *   node --import costkit/register app.mjs     (ESM apps)
 *   node --require costkit/register app.js     (CommonJS apps)
 *
 * An ESM app's static imports run before any line of its own code, `init()`
 * included; without this, init() imports the installed SDKs' ESM builds to
 * patch the ones the app already has. With it, every SDK build is seen as it
 * loads and patched when `init()` runs (or at once, when init() already ran).
 * It only watches: nothing is recorded until `init()`.
 */
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { PROVIDER_IDS, PROVIDERS } from './providers/ids.js';
import { hookModules, hooksImports, markPreloaded } from './instrument/module-hooks.js';

// Node 20 runs `--require` preloads again in its module-loader thread: the hooks belong to the app's thread only.
if (isMainThread) watchFromStartup();

function watchFromStartup(): void {
  const watched = PROVIDER_IDS.flatMap((provider) => PROVIDERS[provider].packages.map((packageName) => ({ provider, packageName })));
  hookModules(watched, { esm: true });
  if (!hooksImports() && typeof register === 'function') {
    // Node < 22.15 has no in-thread module hooks: the same transform runs in the
    // loader thread (register-loader.ts).
    register(new URL('./register-loader.js', import.meta.url), { data: { packages: watched.map((w) => w.packageName) } });
  }
  markPreloaded();
}
