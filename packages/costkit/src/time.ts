// `new Date(ms).toISOString()` costs microseconds on small VMs, on every call;
// the part up to the second changes once a second, so it is built once a second.
// Calls finishing in the same millisecond share one string, and the string is
// the prefix joined to a shared `.mmmZ` suffix: one cons cell, no new
// characters (every event keeps its timestamp until it is exported).
let cachedSecond = Number.NaN;
let cachedPrefix = '';
let cachedMs = Number.NaN;
let cachedTimestamp = '';
const suffixes: string[] = [];

/** ISO 8601 with milliseconds (`2026-11-22T10:00:00.000Z`) of an integer epoch-ms time. */
export function isoTimestamp(epochMs: number): string {
  if (epochMs === cachedMs) return cachedTimestamp;
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  cachedMs = epochMs;
  cachedTimestamp = cachedPrefix + millisSuffix(epochMs - second * 1000);
  return cachedTimestamp;
}

function millisSuffix(millis: number): string {
  let suffix = suffixes[millis];
  if (suffix === undefined) {
    suffix = `.${String(millis).padStart(3, '0')}Z`;
    suffixes[millis] = suffix;
  }
  return suffix;
}
