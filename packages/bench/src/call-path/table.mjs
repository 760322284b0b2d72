// The call-path table: per SDK × shape × Node, the per-call times of every
// variant (µs) and their pair ratios against the uninstrumented SDK.
import { formatSummary } from '../stats.mjs';
import { VARIANTS } from '../variants/index.mjs';

const TAGS_OVER_SCOPE = 'withTags ÷ bare ALS';

export function callPathColumns(rows) {
  const present = VARIANTS.filter((v) => rows.some((row) => row.variant === v.id));
  const labels = present.map((v) => v.label);
  const withScope = rows.some((row) => row.cpuOverScope);
  const at = labels.indexOf('costkit in withTags');
  if (withScope && at >= 0) labels.splice(at + 1, 0, TAGS_OVER_SCOPE);
  return ['case', 'node', 'metric', ...labels];
}

export function callPathRows(rows) {
  const out = [];
  const keys = [...new Set(rows.map((row) => `${row.workload}\u0000${row.node}`))];
  for (const key of keys) {
    const [workload, node] = key.split('\u0000');
    const group = rows.filter((row) => row.workload === workload && row.node === node);
    for (const [metric, field, digits] of [['CPU µs/call', 'cpuUs', 0], ['CPU ÷ uninstrumented', 'cpuRatio', 2], ['wall µs/call', 'wallUs', 0], ['wall ÷ uninstrumented', 'wallRatio', 2]]) {
      const line = { case: workload, node, metric };
      for (const row of group) {
        const label = VARIANTS.find((v) => v.id === row.variant).label;
        line[label] = row.variant === 'sdk' && field.endsWith('Ratio') ? '1' : formatSummary(row[field], digits);
        if (row.variant === 'costkit-tags' && field.endsWith('Ratio')) line[TAGS_OVER_SCOPE] = formatSummary(row[field === 'cpuRatio' ? 'cpuOverScope' : 'wallOverScope'], 2);
      }
      out.push(line);
    }
  }
  return out;
}
