import type { Scope, ScopeLimits } from '../context.js';
import type { HookEvent } from '../call-hooks.js';
import { ScopeLimitExceededError } from '../errors.js';

/**
 * Runaway scopes: before a call is sent, every enclosing `withTags` scope is
 * checked (a parent's cap holds inside its nested scopes), innermost first. A
 * scope's own limits win field by field over init's `guard.scopeLimits`
 * defaults. `calls` counts the calls already started (this one is counted only
 * once it passes); `costUsd` counts the cost of calls already finished, so
 * calls in flight at the same moment can overshoot `maxCostUsd` by their own cost.
 * Throws ScopeLimitExceededError (after emitting its guard event) to refuse.
 */
export function checkScopeLimits(scope: Scope, defaults: ScopeLimits | undefined, emit: (event: HookEvent) => void): void {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const own = s.limits;
    if (!own && !defaults) continue;
    const maxCalls = own?.maxCalls ?? defaults?.maxCalls;
    if (maxCalls !== undefined && s.calls >= maxCalls) refuse(emit, s, 'maxCalls', maxCalls, s.calls, own?.maxCalls !== undefined);
    const maxCostUsd = own?.maxCostUsd ?? defaults?.maxCostUsd;
    if (maxCostUsd !== undefined && s.costUsd >= maxCostUsd) refuse(emit, s, 'maxCostUsd', maxCostUsd, s.costUsd, own?.maxCostUsd !== undefined);
  }
}

function refuse(emit: (event: HookEvent) => void, scope: Scope, limit: 'maxCalls' | 'maxCostUsd', value: number, spent: number, ownLimit: boolean): never {
  const error = new ScopeLimitExceededError({ limit, value, spent, scopeTags: scope.tags, source: ownLimit ? 'withTags' : 'init' });
  emit({ schema: 'costkit.guard/1', guard: 'scopeLimit', action: 'refused', detail: error.message, limit, value, spent, scopeTags: scope.tags, source: error.source });
  throw error;
}
