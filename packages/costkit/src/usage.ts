import type { Usage } from './event.js';
import { warnOnce } from './diagnostics.js';
import { redactSecrets } from './instrument/redact.js';

/**
 * The rules every provider's usage normalizer shares (contract section 3):
 * a count is a non-negative safe integer or it was not reported; a field not
 * reported is 0, never a guess; subsets stay subsets.
 */

/**
 * The largest count one call can report: a billion tokens, a hundred times the
 * largest context window of any model. Below it, every sum costkit makes of a
 * call's counts stays a safe integer and the price of the call stays an exact
 * number of pico-USD at any bundled price (costkit checks the cost itself too:
 * see cost-check.ts); above it, a count (9e15, 1e308) is a corrupt report,
 * not a bill.
 */
export const MAX_TOKEN_COUNT = 1_000_000_000;

/** A non-negative safe integer no larger than MAX_TOKEN_COUNT. */
export function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_TOKEN_COUNT;
}

/**
 * A token count as the provider sent it: a non-negative safe integer (at most
 * MAX_TOKEN_COUNT), or undefined when absent or impossible (negative, NaN, a
 * fraction, a string, 1e308). An impossible value is warned about once per
 * provider and field and treated as not reported, so it can neither over-bill
 * nor poison a sum.
 */
export function tokenCount(value: unknown, provider: string, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  // `+ 0` turns a JSON -0 into 0.
  if (isTokenCount(value)) return value + 0;
  warnOnce(
    `usage:${provider}:${field}`,
    `costkit: ${provider} reported ${field} = ${describe(value)}, which is not a token count; it is treated as not reported (0) on this and later calls`,
  );
  return undefined;
}

/** tokenCount, with a field not reported as 0. */
export function countOrZero(value: unknown, provider: string, field: string): number {
  return tokenCount(value, provider, field) ?? 0;
}

/**
 * Builds the usage block, enforcing the subset rules: cache reads and writes
 * within the input, reasoning within the output, 1-hour writes within the
 * writes. A subset larger than its whole is an impossible report: that subset
 * is dropped (0, warned once) rather than guessed at, because billing it would
 * charge tokens the call did not have.
 */
export function usageBlock(provider: string, counts: Omit<Usage, 'totalTokens'> & { totalTokens?: number }): Usage {
  let { cacheReadTokens, cacheWriteTokens, reasoningTokens, cacheWrite1hTokens } = counts;
  const { inputTokens, outputTokens } = counts;
  if (cacheReadTokens + cacheWriteTokens > inputTokens) {
    warnSubset(provider, 'cache tokens', `${cacheReadTokens} read + ${cacheWriteTokens} written`, `${inputTokens} input`);
    cacheReadTokens = 0;
    cacheWriteTokens = 0;
    cacheWrite1hTokens = cacheWrite1hTokens === undefined ? undefined : 0;
  }
  if (reasoningTokens > outputTokens) {
    warnSubset(provider, 'reasoning tokens', String(reasoningTokens), `${outputTokens} output`);
    reasoningTokens = 0;
  }
  if (cacheWrite1hTokens !== undefined && cacheWrite1hTokens > cacheWriteTokens) {
    warnSubset(provider, '1-hour cache writes', String(cacheWrite1hTokens), `${cacheWriteTokens} cache writes`);
    cacheWrite1hTokens = 0;
  }
  const summed = inputTokens + outputTokens;
  // A reported total below its own parts is impossible; above them is the provider
  // counting something else (audio, tool prompts) and is kept as reported.
  const totalTokens = counts.totalTokens !== undefined && counts.totalTokens >= summed ? counts.totalTokens : summed;
  const usage: Usage = { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, totalTokens };
  if (cacheWrite1hTokens !== undefined) usage.cacheWrite1hTokens = cacheWrite1hTokens;
  if (counts.webSearchRequests !== undefined) usage.webSearchRequests = counts.webSearchRequests;
  return usage;
}

function warnSubset(provider: string, subset: string, got: string, whole: string): void {
  warnOnce(
    `usage-subset:${provider}:${subset}`,
    `costkit: ${provider} reported ${got} ${subset}, more than the ${whole} they are part of; the ${subset} are treated as not reported (0)`,
  );
}

function describe(value: unknown): string {
  // A provider's junk text is echoed to stderr: cut, and with anything key-shaped removed.
  if (typeof value === 'string') return JSON.stringify(redactSecrets(value.length > 40 ? `${value.slice(0, 40)}…` : value));
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}
