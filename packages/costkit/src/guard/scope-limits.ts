import type { Scope, ScopeLimits } from '../context.js';
import type { HookEvent } from '../call-hooks.js';
import { ScopeLimitExceededError } from '../errors.js';

/** A scope limit that refuses the next call: the error to throw and its guard event. */
export interface ScopeRefusal {
  error: ScopeLimitExceededError;
  event: HookEvent;
}

/**
 * Runaway scopes: before a call is sent, every enclosing `withTags` scope is
 * checked (a parent's cap holds inside its nested scopes), innermost first. A
 * scope's own limits win field by field over init's `guard.scopeLimits`
 * defaults. `calls` counts the calls already started (this one is counted only
 * once it passes); `costUsd` counts the cost of calls already finished, so
 * calls in flight at the same moment can overshoot `maxCostUsd` by their own cost.
 * Returns the refusal, or undefined (and allocates nothing) when the call may go.
 */
export function scopeLimitRefusal(scope: Scope, defaults: ScopeLimits | undefined): ScopeRefusal | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const own = s.limits;
    if (!own && !defaults) continue;
    const maxCalls = own?.maxCalls ?? defaults?.maxCalls;
    if (maxCalls !== undefined && s.calls >= maxCalls) return refusal(s, 'maxCalls', maxCalls, s.calls, own?.maxCalls !== undefined);
    const maxCostUsd = own?.maxCostUsd ?? defaults?.maxCostUsd;
    if (maxCostUsd !== undefined && s.costUsd >= maxCostUsd) return refusal(s, 'maxCostUsd', maxCostUsd, s.costUsd, own?.maxCostUsd !== undefined);
  }
  return undefined;
}

function refusal(scope: Scope, limit: 'maxCalls' | 'maxCostUsd', value: number, spent: number, ownLimit: boolean): ScopeRefusal {
  const error = new ScopeLimitExceededError({ limit, value, spent, scopeTags: scope.tags, source: ownLimit ? 'withTags' : 'init' });
  return { error, event: { schema: 'costkit.guard/1', guard: 'scopeLimit', action: 'refused', detail: error.message, limit, value, spent, scopeTags: scope.tags, source: error.source } };
}
