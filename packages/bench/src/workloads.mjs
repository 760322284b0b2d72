// What the call-path cases run: each SDK, plain and streamed, with every variant
// that applies to it. `filter` (from --providers / --shapes / --variants) narrows.
import { SDKS, SHAPES } from './sdks.mjs';
import { VARIANTS } from './variants/index.mjs';

export function workloads({ providers, shapes, variants } = {}) {
  const list = [];
  for (const provider of Object.keys(SDKS)) {
    if (providers && !providers.includes(provider)) continue;
    for (const shape of SHAPES) {
      if (shapes && !shapes.includes(shape)) continue;
      // The baseline always runs: every ratio is against it.
      const applicable = VARIANTS.filter((v) => v.providers.includes(provider) && (v.id === 'sdk' || !variants || variants.includes(v.id)));
      list.push({ provider, shape, name: `${provider} ${shape}`, variants: applicable.map((v) => v.id) });
    }
  }
  return list;
}

/** Fails the run when an instrumented variant recorded fewer events or spans than it made calls. */
export function checkRecorded(result, variantId, where) {
  if (result.served !== undefined && result.served !== result.expected) {
    throw new Error(`${where}: the canned provider answered ${result.served} requests for ${result.expected} calls`);
  }
  const counts = VARIANTS.find((v) => v.id === variantId)?.counts;
  if (counts && !(result.recorded >= result.expected)) {
    throw new Error(`${where}: variant '${variantId}' recorded ${result.recorded} events/spans for ${result.expected} calls`);
  }
}

/** `list` started at position `by`: each round runs the variants in a rotated order, so none always runs first or after the same one. */
export const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);
