import type { BeforeCallContext, BeforeCallHook } from '../runtime.js';
import { emitGuardEvent } from './events.js';

type Obj = Record<string, any>;

/** The SDKs' own defaults when nothing is configured. */
const STAINLESS_DEFAULT_RETRIES = 2;
const GENAI_DEFAULT_ATTEMPTS = 5;

/**
 * `guard.maxRetries`: the SDKs' own retries, capped per call, so a client made
 * before `init()`, one made after, and a per-request override are all held to
 * it without touching the app's client:
 *
 * - openai / @anthropic-ai/sdk (Stainless): the SDK uses the request options'
 *   `maxRetries ?? client.maxRetries`; the call is given request options with
 *   `maxRetries` at most the cap.
 * - @google/genai (2.x+): retries only when `httpOptions.retryOptions` is set,
 *   on the client or in the request's `config.httpOptions`; the request is given
 *   `retryOptions.attempts` at most cap + 1 (attempts count the first). The SDK
 *   merges request retryOptions over the client's, so the other settings stay.
 * - @google/generative-ai and @google/genai 1.x do not retry: nothing to cap.
 *
 * A clamp emits one guard event per client and requested value (not one per
 * call: a client built with the default 2 retries would otherwise double the
 * event volume).
 */
export function maxRetriesGuard(cap: number): BeforeCallHook {
  const reported = new WeakMap<object, Set<number>>();
  const report = (context: BeforeCallContext, client: object, requested: number, where: string) => {
    let seen = reported.get(client);
    if (!seen) reported.set(client, (seen = new Set()));
    if (seen.has(requested)) return;
    seen.add(requested);
    emitGuardEvent(context, {
      guard: 'maxRetries',
      action: 'clamped',
      detail: `the SDK's own retries (${where}: ${requested}) capped to ${cap} by init({ guard: { maxRetries: ${cap} } }); reported once per client and value`,
      requested,
      applied: cap,
    });
  };

  return (context) => {
    const { spec } = context;
    if (spec.provider === 'openai' || spec.provider === 'anthropic') {
      const client = (context.target as Obj | undefined)?._client as Obj | undefined;
      const options = context.requestOptions as Obj | undefined | null;
      const perRequest = typeof options?.maxRetries === 'number' ? options.maxRetries : undefined;
      const requested = perRequest ?? (typeof client?.maxRetries === 'number' ? client.maxRetries : STAINLESS_DEFAULT_RETRIES);
      if (requested <= cap) return undefined;
      context.requestOptions = { ...(options && typeof options === 'object' ? options : {}), maxRetries: cap };
      report(context, client ?? (context.target as object), requested, perRequest !== undefined ? 'request option maxRetries' : 'client maxRetries');
      return undefined;
    }
    if (spec.provider === 'google') return capGenAIRetries(context, cap, report);
    return undefined;
  };
}

function capGenAIRetries(
  context: BeforeCallContext,
  cap: number,
  report: (context: BeforeCallContext, client: object, requested: number, where: string) => void,
): unknown {
  const params = context.params as Obj | undefined;
  const apiClient = (context.target as Obj | undefined)?.apiClient as Obj | undefined;
  // Only genai's Models has an apiClient; a generative-ai model or chat never retries.
  if (!apiClient || !params || typeof params !== 'object') return undefined;
  const own = params.config?.httpOptions?.retryOptions as Obj | undefined;
  const base = apiClient.clientOptions?.httpOptions?.retryOptions as Obj | undefined;
  if (!own && !base) return undefined;
  const attempts = Math.max(1, Number(own?.attempts ?? base?.attempts ?? GENAI_DEFAULT_ATTEMPTS));
  if (!(attempts - 1 > cap)) return undefined;
  report(context, apiClient, attempts - 1, own?.attempts !== undefined ? 'config.httpOptions.retryOptions.attempts - 1' : 'client httpOptions.retryOptions.attempts - 1');
  const config = params.config as Obj | undefined;
  return {
    ...params,
    config: { ...config, httpOptions: { ...config?.httpOptions, retryOptions: { ...own, attempts: cap + 1 } } },
  };
}
