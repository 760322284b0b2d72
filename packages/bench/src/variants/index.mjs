// Every variant of the call-path bench: the uninstrumented SDK (the baseline),
// the SDK inside a bare AsyncLocalStorage scope, costkit four ways, and each peer
// on the SDKs it instruments. Each is set up in its own fresh process; modules
// are imported only by the variant that uses them.
import { AsyncLocalStorage } from 'node:async_hooks';

const ALL = ['openai', 'anthropic', 'genai', 'generative-ai'];

export const VARIANTS = [
  { id: 'sdk', label: 'uninstrumented', providers: ALL, setup: async () => ({}) },
  {
    id: 'sdk-als',
    label: 'uninstrumented, bare ALS scope',
    providers: ALL,
    setup: async () => {
      const storage = new AsyncLocalStorage();
      return { scope: (fn) => storage.run({ scope: 'bench' }, fn) };
    },
  },
  { id: 'costkit', label: 'costkit, no scope', providers: ALL, counts: true, setup: async () => (await import('./costkit.mjs')).setupCostkit({ scoped: false }) },
  { id: 'costkit-tags', label: 'costkit in withTags', providers: ALL, counts: true, setup: async () => (await import('./costkit.mjs')).setupCostkit({ scoped: true }) },
  {
    id: 'costkit-budget',
    label: 'costkit + guards + memory budget',
    providers: ALL,
    counts: true,
    setup: async () => (await import('./costkit.mjs')).setupCostkit({ scoped: true, guarded: true }),
  },
  { id: 'traceloop', label: 'OpenLLMetry', providers: ['openai', 'anthropic'], counts: true, peer: true, setup: async (ctx) => (await import('./traceloop.mjs')).setupTraceloop(ctx) },
  { id: 'openinference', label: 'OpenInference', providers: ['openai'], counts: true, peer: true, setup: async (ctx) => (await import('./openinference.mjs')).setupOpenInference(ctx) },
  { id: 'langfuse', label: 'Langfuse', providers: ['openai'], counts: true, peer: true, setup: async () => (await import('./langfuse.mjs')).setupLangfuse() },
  { id: 'posthog', label: 'PostHog', providers: ['openai', 'anthropic'], counts: true, peer: true, setup: async (ctx) => (await import('./posthog.mjs')).setupPosthog(ctx) },
];

export function variantById(id) {
  const variant = VARIANTS.find((v) => v.id === id);
  if (!variant) throw new Error(`unknown variant '${id}'; one of: ${VARIANTS.map((v) => v.id).join(', ')}`);
  return variant;
}
