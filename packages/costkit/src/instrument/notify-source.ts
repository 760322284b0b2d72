/**
 * The ESM half of patch-on-load, shared by the in-thread hook (module-hooks.ts)
 * and costkit/register's off-thread loader: the SDK's ESM entry gets one more
 * statement at its end, which hands the module's own namespace to costkit once
 * the module has been evaluated (a module may import itself: the namespace is
 * its own, complete by then). Appended, so no line of the SDK moves.
 */
export const SDK_LOADED = Symbol.for('costkit.sdkLoaded');

export function notifyOnEvaluation(source: string | ArrayBuffer | ArrayBufferView | null | undefined, url: string): string {
  const text = typeof source === 'string' ? source : source ? Buffer.from(source as ArrayBuffer).toString('utf8') : '';
  const quoted = JSON.stringify(url);
  // Once: two loaders chained (or a hook run twice) must not declare the binding twice.
  if (text.includes('__costkit_sdk')) return text;
  return `${text}\n;import * as __costkit_sdk from ${quoted};\nglobalThis[Symbol.for('costkit.sdkLoaded')]?.(${quoted}, __costkit_sdk);\n`;
}
