import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * A Node builtin loaded synchronously when a feature first needs it, from the
 * ESM build as from the CJS one, not when costkit is imported: an app that
 * never exports over HTTP should not pay for node:https (with node:tls, about
 * 12 ms of CPU to load on Node 24) and node:zlib at startup.
 */
export function nodeBuiltin<T>(id: `node:${string}`): T {
  return load(id) as T;
}
