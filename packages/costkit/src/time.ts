// `new Date(ms).toISOString()` costs microseconds on small VMs, on every call;
// the part up to the second changes once a second, so it is built once a second.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** ISO 8601 with milliseconds (`2026-11-22T10:00:00.000Z`) of an integer epoch-ms time. */
export function isoTimestamp(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const millis = epochMs - second * 1000;
  return `${cachedPrefix}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
