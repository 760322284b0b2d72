import type { Runtime } from '../runtime.js';
import { maxRetriesGuard } from './max-retries.js';
import { maxTokensGuard } from './max-tokens.js';

/**
 * Registers the configured guards on a new runtime (`init()` calls this each
 * time). Scope limits, the retry-group label and truncation are part of every
 * call's lifecycle (runtime.ts); these run only when configured. Order: the
 * output cap, then the SDK's retries.
 */
export function installGuards(runtime: Runtime): void {
  const guard = runtime.options.guard;
  const maxTokens = guard?.maxTokens;
  if (maxTokens && (maxTokens.default !== undefined || maxTokens.cap !== undefined || Object.keys(maxTokens.perModel ?? {}).length > 0)) {
    runtime.beforeCall.push(maxTokensGuard(maxTokens));
  }
  if (guard?.maxRetries !== undefined) runtime.beforeCall.push(maxRetriesGuard(guard.maxRetries));
}
