import { redactKeys } from './instrument/redact.js';

/**
 * Internal trouble is reported here, never thrown into the app. Each distinct
 * message is printed once per process so a hot path cannot flood stderr.
 */
const said = new Set<string>();

export function warnOnce(key: string, message: string): void {
  if (said.has(key)) return;
  said.add(key);
  // Messages quote provider errors and app values: nothing key-shaped reaches stderr.
  process.emitWarning(redactKeys(message), { code: 'COSTKIT' });
}

let internalErrors = 0;

/** How many internal failures have been reported in this process (every one, not once per site). */
export function internalErrorCount(): number {
  return internalErrors;
}

/**
 * An internal costkit failure, or a failure of app code costkit runs on the
 * call path (a tagSource, an onCallStart hook): reported once per site,
 * counted every time (`costkit.stats().internalErrors`), and the provider
 * call goes on.
 */
export function reportInternalError(site: string, error: unknown): void {
  internalErrors++;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  warnOnce(`internal:${site}`, `costkit: internal error in ${site} (the provider call is unaffected): ${detail}`);
}

/** App code on the call path gave costkit something it cannot use (a bad tag from a tagSource): warned once, counted every time. */
export function reportCallPathProblem(key: string, message: string): void {
  internalErrors++;
  warnOnce(key, message);
}
