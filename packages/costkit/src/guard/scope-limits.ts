import type { Scope, ScopeLimits } from '../context.js';
import { ScopeLimitExceededError } from '../errors.js';
import type { BeforeCallContext } from '../runtime.js';
import { emitGuardEvent } from './events.js';

/**
 * Runaway scopes: before a call is sent, every enclosing `withTags` scope is
 * checked (a parent's cap holds inside its nested scopes), innermost first. A
 * scope's own limits win field by field over init's `guard.scopeLimits`
 * defaults. `calls` counts the calls already started (this one is counted only
 * once it passes); `costUsd` counts the cost of calls already finished, so
 * calls in flight at the same moment can overshoot `maxCostUsd` by their own cost.
 */
export function scopeLimitsGuard(defaults: ScopeLimits | undefined) {
  return (context: BeforeCallContext): undefined => {
    for (let s: Scope | undefined = context.scope; s; s = s.parent) {
      const own = s.limits;
      if (!own && !defaults) continue;
      const maxCalls = own?.maxCalls ?? defaults?.maxCalls;
      if (maxCalls !== undefined && s.calls >= maxCalls) refuse(context, s, 'maxCalls', maxCalls, s.calls, own?.maxCalls !== undefined);
      const maxCostUsd = own?.maxCostUsd ?? defaults?.maxCostUsd;
      if (maxCostUsd !== undefined && s.costUsd >= maxCostUsd) refuse(context, s, 'maxCostUsd', maxCostUsd, s.costUsd, own?.maxCostUsd !== undefined);
    }
    return undefined;
  };
}

function refuse(context: BeforeCallContext, scope: Scope, limit: 'maxCalls' | 'maxCostUsd', value: number, spent: number, ownLimit: boolean): never {
  const error = new ScopeLimitExceededError({ limit, value, spent, scopeTags: scope.tags, source: ownLimit ? 'withTags' : 'init' });
  emitGuardEvent(context, {
    guard: 'scopeLimit',
    action: 'refused',
    detail: error.message,
    limit,
    value,
    spent,
    scopeTags: scope.tags,
    source: error.source,
  });
  throw error;
}
