/** Robust statistics for baselines: a past spike must not raise the bar for the next one. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How unusual `actual` is against `baseline`: (actual - median) / (1.4826 * MAD), the
 * MAD scaled to a standard deviation for normal data. A flat baseline (MAD 0) makes
 * any departure infinitely unusual; the ratio and dollar gates then decide.
 */
export function robustZ(actual: number, baseline: readonly number[]): number {
  const m = median(baseline);
  const mad = median(baseline.map((v) => Math.abs(v - m)));
  const diff = actual - m;
  if (mad === 0) return diff === 0 ? 0 : diff > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return diff / (1.4826 * mad);
}

/** actual / expected, Infinity when only actual is above zero. */
export function ratio(actual: number, expected: number): number {
  if (expected === 0) return actual > 0 ? Number.POSITIVE_INFINITY : 1;
  return actual / expected;
}

/** A finite number for JSON (Infinity is not JSON): null for a ratio with nothing to compare against. */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
