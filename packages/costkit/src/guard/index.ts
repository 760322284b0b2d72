/**
 * `costkit/guard`: guards a team imports once, so a retry loop, an uncapped
 * answer or a runaway agent is stopped by construction, not by every call site
 * remembering to (contract section 6). The call-path guards (`maxRetries`,
 * `maxTokens`, `scopeLimits`) are configured in `init({ guard })`; scope limits
 * are also set per unit of work with `withTags(tags, fn, { maxCalls, maxCostUsd })`.
 */
export { withRetryCap, retryAfterMs, isRetryable, backoffMs, type RetryCapOptions, type RetryAttempt } from './retry.js';
export { CostkitError, RetryCapExceededError, MaxTokensExceededError, ScopeLimitExceededError } from '../errors.js';
export type { GuardOptions } from './options-schema.js';
export type { ScopeLimits } from '../context.js';
