import type { BeforeCallHook, CallContext } from '../call-hooks.js';

/**
 * `guard.maxRetries`: the SDKs' own retries, capped per call, so a client made
 * before `init()`, one made after, and a per-request override are all held to
 * it without touching the app's client. The adapter says how many retries the
 * SDK would make for this call (and where that was set); the SDK's patch
 * applies the cap to the request it sends (openai / @anthropic-ai/sdk: the
 * request's `maxRetries`; @google/genai: `retryOptions.attempts`).
 *
 * A clamp emits one guard event per client and requested value (not one per
 * call: a client built with the default 2 retries would otherwise double the
 * event volume).
 */
export function maxRetriesGuard(cap: number): BeforeCallHook {
  const reported = new WeakMap<object, Set<number>>();
  const report = (call: CallContext, owner: object, requested: number, where: string) => {
    let seen = reported.get(owner);
    if (!seen) reported.set(owner, (seen = new Set()));
    if (seen.has(requested)) return;
    seen.add(requested);
    call.emit({
      schema: 'costkit.guard/1',
      guard: 'maxRetries',
      action: 'clamped',
      detail: `the SDK's own retries (${where}: ${requested}) capped to ${cap} by init({ guard: { maxRetries: ${cap} } }); reported once per client and value`,
      field: where,
      requested,
      applied: cap,
    });
  };

  return (call) => {
    const retries = call.adapter.retries(call);
    if (!retries || retries.requested <= cap) return undefined;
    report(call, retries.owner, retries.requested, retries.where);
    return { edits: { maxRetries: cap } };
  };
}
