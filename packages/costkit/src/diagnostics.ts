/**
 * Internal trouble is reported here, never thrown into the app. Each distinct
 * message is printed once per process so a hot path cannot flood stderr.
 */
const said = new Set<string>();

export function warnOnce(key: string, message: string): void {
  if (said.has(key)) return;
  said.add(key);
  process.emitWarning(message, { code: 'COSTKIT' });
}

/** An internal costkit failure: reported once per site, and the provider call goes on. */
export function reportInternalError(site: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  warnOnce(`internal:${site}`, `costkit: internal error in ${site} (the provider call is unaffected): ${detail}`);
}
