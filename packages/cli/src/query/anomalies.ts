import { picoToUsd } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { keyExpression, type Filters } from '../ledger/filters.js';
import { costLinePico, COST_PICO, NO_COST } from '../ledger/schema.js';
import { finite, median } from './anomaly-stats.js';
import { costSignal, rateSignals, type Bucket, type Settings, type SignalName } from './anomaly-signals.js';
import { big, num, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface AnomaliesOptions extends Filters, Partial<Settings> {
  /** The series: one per value of these keys. Default feature. */
  by?: string[];
  /** hour: against the same hour of the week over the last 4 weeks; day (default): against the last 7 days. */
  period?: 'hour' | 'day';
  /** The tag to name top contributors by, besides the model. Default customer. */
  drill?: string;
  onWarning?: Warn;
  progress?: boolean;
}

export interface Anomaly {
  /** The period's start: YYYY-MM-DD, or YYYY-MM-DDTHH:00Z. */
  period: string;
  key: Record<string, string | null>;
  signal: SignalName;
  actual: number;
  expected: number;
  /** actual / expected; null when nothing was expected. */
  ratio: number | null;
  /** Robust z-score against the baseline; null when the baseline is flat. */
  score: number | null;
  impactUsd: number;
  topContributor: { dimension: string; value: string | null; impactUsd: number } | null;
  explanation: string;
}

export interface AnomaliesJson {
  by: string[];
  period: 'hour' | 'day';
  baseline: string;
  settings: Settings;
  /** Sorted by impact, largest first. */
  anomalies: Anomaly[];
  /** Series-periods checked, and those skipped for too little history (a new feature). */
  checked: number;
  coldStart: number;
  skippedLines: number;
}

export const DEFAULT_SETTINGS: Settings = { ratio: 2, rateRatio: 1.5, minZ: 3, minUsd: 10, minCalls: 20 };

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** `costkit anomalies`: periods that broke from their own history, in dollars and in the rates behind them. */
export async function anomalies(source: LedgerSource, options: AnomaliesOptions = {}): Promise<AnomaliesJson> {
  const by = options.by?.length ? options.by : ['feature'];
  const period = options.period ?? 'day';
  const drill = options.drill ?? 'customer';
  const settings: Settings = { ...DEFAULT_SETTINGS, ...definedOnly(options) };
  const step = period === 'day' ? DAY : HOUR;
  // Baseline: the last 7 days, or the same hour of the week in the last 4 weeks.
  const lags = period === 'day' ? [1, 2, 3, 4, 5, 6, 7].map((d) => d * DAY) : [1, 2, 3, 4].map((w) => w * 7 * DAY);
  const minBaseline = period === 'day' ? 3 : 2;
  const baselineName = period === 'day' ? '7-day median' : 'median of the same hour over the last 4 weeks';
  const scanFrom = options.from ? new Date(Date.parse(options.from) - lags[lags.length - 1]!).toISOString() : undefined;
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const keyDims = Object.fromEntries(by.map((k, i) => [`k${i}`, keyExpression(k)]));
    const keys = Object.keys(keyDims);
    const periodSql = period === 'day' ? `strftime("timestamp", '%Y-%m-%d')` : `strftime("timestamp", '%Y-%m-%dT%H:00Z')`;
    const { table, accounting } = await aggregate(
      ledger,
      {
        dimensions: { p: periodSql, ...keyDims, model: 'model', drill: keyExpression(drill) },
        sets: [['p', ...keys], ['p', ...keys, 'model'], ['p', ...keys, 'drill']],
        measures: {
          pico: `coalesce(sum(${COST_PICO}), 0)::HUGEINT`,
          calls: 'count(*)',
          inputTokens: 'coalesce(sum(usage.inputTokens), 0)::HUGEINT',
          outputTokens: 'coalesce(sum(usage.outputTokens), 0)::HUGEINT',
          cacheReadTokens: 'coalesce(sum(usage.cacheReadTokens), 0)::HUGEINT',
          uncachedTokens: `coalesce(sum(usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens) FILTER (WHERE NOT ${NO_COST}), 0)::HUGEINT`,
          uncachedPico: `coalesce(sum(${costLinePico('input')}), 0)::HUGEINT`,
          cacheReadPico: `coalesce(sum(${costLinePico('cacheRead')}), 0)::HUGEINT`,
          retries: 'coalesce(sum(greatest(coalesce(attempts, 1) - 1, 0)), 0)::HUGEINT',
          truncations: "count(*) FILTER (WHERE finishReason = 'length' OR truncated)",
          interactions: 'count(DISTINCT interactionId)',
          interactionCalls: 'count(interactionId)',
        },
        filters: { ...options, from: scanFrom ?? options.from },
      },
      options.onWarning,
    );
    const rows = await ledger.all(`SELECT * FROM ${table} WHERE _kind = 'call' ORDER BY p`);
    const seriesOf = (r: Record<string, unknown>) => JSON.stringify(keys.map((k) => text(r[k])));
    const totals = new Map<string, Map<number, Bucket>>();
    const parts = { model: new Map<string, Map<string, Map<number, number>>>(), [drill]: new Map<string, Map<string, Map<number, number>>>() };
    for (const r of rows) {
      const at = Date.parse(period === 'day' ? `${String(r.p)}T00:00:00Z` : String(r.p).replace('Z', ':00Z'));
      const series = seriesOf(r);
      if (r._set === 0) {
        if (!totals.has(series)) totals.set(series, new Map());
        totals.get(series)!.set(at, bucketOf(r));
      } else {
        const dim = r._set === 1 ? 'model' : drill;
        const value = text(r[r._set === 1 ? 'model' : 'drill']) ?? '';
        const byValue = parts[dim]!.get(series) ?? new Map<string, Map<number, number>>();
        parts[dim]!.set(series, byValue);
        if (!byValue.has(value)) byValue.set(value, new Map());
        byValue.get(value)!.set(at, picoToUsd(big(r.pico)));
      }
    }
    const reportFrom = options.from ? Date.parse(options.from) : Number.NEGATIVE_INFINITY;
    const found: Anomaly[] = [];
    let checked = 0;
    let coldStart = 0;
    for (const [series, buckets] of totals) {
      const first = Math.min(...buckets.keys());
      const last = Math.max(...buckets.keys());
      for (let at = Math.max(first, reportFrom); at <= last; at += step) {
        const history = lags.map((lag) => at - lag).filter((t) => t >= first);
        if (history.length < minBaseline) {
          coldStart++;
          continue;
        }
        checked++;
        const actual = buckets.get(at) ?? EMPTY;
        const baseline = history.map((t) => buckets.get(t) ?? EMPTY);
        const findings = [costSignal(actual, baseline, settings, baselineName), ...rateSignals(actual, baseline, settings, minBaseline)].filter((f) => f !== null);
        for (const f of findings) {
          const key = Object.fromEntries(by.map((k, i) => [k, (JSON.parse(series) as Array<string | null>)[i] ?? null]));
          const top = topContributor(parts, series, at, history);
          const name = Object.values(key).map((v) => v ?? '(none)').join('/');
          const label = period === 'day' ? new Date(at).toISOString().slice(0, 10) : `${new Date(at).toISOString().slice(0, 13)}:00Z`;
          found.push({
            period: label,
            key,
            signal: f.signal,
            actual: f.actual,
            expected: f.expected,
            ratio: finite(f.ratio),
            score: finite(f.score),
            impactUsd: f.impactUsd,
            topContributor: top,
            explanation: `${name} on ${label}: ${f.explanation}${top ? `; most of it from ${top.dimension} ${top.value ?? '(none)'} (${top.impactUsd >= 0 ? '+' : ''}$${top.impactUsd.toFixed(2)})` : ''}`,
          });
        }
      }
    }
    found.sort((a, b) => b.impactUsd - a.impactUsd || a.period.localeCompare(b.period));
    return { by, period, baseline: baselineName, settings, anomalies: found, checked, coldStart, skippedLines: accounting.skippedLines };
  });
}

const EMPTY: Bucket = { costUsd: 0, calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, uncachedTokens: 0, uncachedUsd: 0, cacheReadUsd: 0, retries: 0, truncations: 0, interactions: 0, interactionCalls: 0 };

function bucketOf(r: Record<string, unknown>): Bucket {
  return {
    costUsd: picoToUsd(big(r.pico)),
    calls: num(r.calls),
    inputTokens: num(r.inputTokens),
    outputTokens: num(r.outputTokens),
    cacheReadTokens: num(r.cacheReadTokens),
    uncachedTokens: num(r.uncachedTokens),
    uncachedUsd: picoToUsd(big(r.uncachedPico)),
    cacheReadUsd: picoToUsd(big(r.cacheReadPico)),
    retries: num(r.retries),
    truncations: num(r.truncations),
    interactions: num(r.interactions),
    interactionCalls: num(r.interactionCalls),
  };
}

/** The model or drill-tag value whose cost rose most against its own baseline in that period. */
function topContributor(parts: Record<string, Map<string, Map<string, Map<number, number>>>>, series: string, at: number, history: number[]): Anomaly['topContributor'] {
  let best: Anomaly['topContributor'] = null;
  for (const [dimension, bySeries] of Object.entries(parts)) {
    const values = bySeries.get(series) ?? new Map<string, Map<number, number>>();
    // A dimension with one value in the whole series (every call on one model) explains nothing.
    if (values.size < 2) continue;
    for (const [value, costs] of values) {
      if (dimension !== 'model' && value === '') continue;
      const delta = (costs.get(at) ?? 0) - median(history.map((t) => costs.get(t) ?? 0));
      if (!best || delta > best.impactUsd) best = { dimension, value: value === '' ? null : value, impactUsd: delta };
    }
  }
  return best;
}

function definedOnly(o: Partial<Settings>): Partial<Settings> {
  const keys: Array<keyof Settings> = ['ratio', 'rateRatio', 'minZ', 'minUsd', 'minCalls'];
  return Object.fromEntries(keys.filter((k) => typeof o[k] === 'number').map((k) => [k, o[k]]));
}
