import type { Tags } from '../context.js';

/** The part of a cls-hooked Namespace costkit reads. */
export interface ClsNamespaceLike {
  get(key: string): unknown;
  active: unknown;
}

/**
 * A tag source for apps that already keep their request context in a cls-hooked
 * namespace: `init({ tagSources: [clsHookedTags(ns, ['tenant', 'requestId'])] })`.
 * Reads the listed keys at call start; non-string values are stringified,
 * missing ones skipped. costkit itself does not depend on cls-hooked.
 */
export function clsHookedTags(namespace: ClsNamespaceLike, keys: readonly string[]): () => Tags | undefined {
  return () => {
    if (!namespace.active) return undefined;
    let tags: Tags | undefined;
    for (const key of keys) {
      const value = namespace.get(key);
      if (value === undefined || value === null) continue;
      (tags ??= {})[key] = typeof value === 'string' ? value : String(value);
    }
    return tags;
  };
}
