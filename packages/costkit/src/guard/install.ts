import type { BeforeCallContext, Runtime } from '../runtime.js';
import { maxRetriesGuard } from './max-retries.js';
import { maxTokensGuard } from './max-tokens.js';
import { currentRetryAttempt } from './retry-group.js';
import { scopeLimitsGuard } from './scope-limits.js';
import { flagTruncation } from './truncation.js';

/**
 * Registers the guards on a new runtime (`init()` calls this each time). Order
 * matters: a refusal comes first, so a refused call leaves no clamp behind;
 * then the output cap, then the SDK's retries, then the retry-group label.
 */
export function installGuards(runtime: Runtime): void {
  const guard = runtime.options.guard;
  runtime.beforeCall.push(scopeLimitsGuard(guard?.scopeLimits));
  const maxTokens = guard?.maxTokens;
  if (maxTokens && (maxTokens.default !== undefined || maxTokens.cap !== undefined || Object.keys(maxTokens.perModel ?? {}).length > 0)) {
    runtime.beforeCall.push(maxTokensGuard(maxTokens));
  }
  if (guard?.maxRetries !== undefined) runtime.beforeCall.push(maxRetriesGuard(guard.maxRetries));
  runtime.beforeCall.push(labelRetryAttempt);
  runtime.afterCall.push(flagTruncation);
}

/** A call made inside `withRetryCap` carries the loop's id and its attempt number. */
function labelRetryAttempt(context: BeforeCallContext): undefined {
  const attempt = currentRetryAttempt();
  if (attempt) {
    const annotations = (context.annotations ??= {});
    annotations.retryGroup = attempt.retryGroup;
    annotations.retryAttempt = attempt.attempt;
  }
  return undefined;
}
