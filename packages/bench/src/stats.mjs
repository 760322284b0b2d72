// Summaries of repeated measurements: the median with the smallest and largest
// value, so a reader sees the spread the machine gave, not just a centre.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values) {
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** `digits` after the point; large numbers lose them (12 345, not 12 345.00). */
function number(value, digits) {
  const places = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? Math.min(digits, 1) : digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}

/** `1.05 [0.98–1.12]`, or `—` for nothing measured. */
export function formatSummary(summary, digits = 2) {
  if (!summary) return '—';
  if (summary.n === 1) return number(summary.median, digits);
  return `${number(summary.median, digits)} [${number(summary.min, digits)}–${number(summary.max, digits)}]`;
}
