import { formatPct, formatUsd } from '../formats/money.js';
import { median, ratio, robustZ } from './anomaly-stats.js';

/** One series' figures in one period (hour or day). Money in USD. */
export interface Bucket {
  costUsd: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  uncachedTokens: number;
  uncachedUsd: number;
  cacheReadUsd: number;
  retries: number;
  truncations: number;
  /** Distinct interaction ids, and the calls that carried one. */
  interactions: number;
  interactionCalls: number;
}

export interface Settings {
  /** Cost: actual at least this many times the baseline. */
  ratio: number;
  /** Rate signals: at least this many times (or this many times less for cache-read share). */
  rateRatio: number;
  /** Robust z-score at least this. */
  minZ: number;
  /** The dollar floor: an anomaly's impact (or, for retries, the period's cost) at least this. */
  minUsd: number;
  /** Rate signals need this many calls in the period and in each baseline period used. */
  minCalls: number;
}

export type SignalName = 'cost' | 'tokensPerCall' | 'cacheReadShare' | 'retries' | 'truncations' | 'callsPerInteraction';

export interface Finding {
  signal: SignalName;
  actual: number;
  expected: number;
  ratio: number;
  score: number;
  impactUsd: number;
  /** What happened, in words, without the series and period. */
  explanation: string;
}

type Rate = (b: Bucket) => number | null;

const RATES: Record<Exclude<SignalName, 'cost'>, Rate> = {
  tokensPerCall: (b) => (b.calls ? (b.inputTokens + b.outputTokens) / b.calls : null),
  cacheReadShare: (b) => (b.inputTokens ? b.cacheReadTokens / b.inputTokens : null),
  retries: (b) => (b.calls ? b.retries / b.calls : null),
  truncations: (b) => (b.calls ? b.truncations / b.calls : null),
  callsPerInteraction: (b) => (b.interactions ? b.interactionCalls / b.interactions : null),
};

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** The cost signal, with the triple gate: ratio, robust z and the dollar floor all have to trip. */
export function costSignal(actual: Bucket, baseline: readonly Bucket[], s: Settings, baselineName: string): Finding | null {
  const values = baseline.map((b) => b.costUsd);
  const expected = median(values);
  const r = ratio(actual.costUsd, expected);
  const z = robustZ(actual.costUsd, values);
  const impact = actual.costUsd - expected;
  if (r < s.ratio || z < s.minZ || impact < s.minUsd) return null;
  return {
    signal: 'cost',
    actual: actual.costUsd,
    expected,
    ratio: r,
    score: z,
    impactUsd: impact,
    explanation: `spent ${formatUsd(actual.costUsd)}, ${Number.isFinite(r) ? `${round(r, 1)}x` : 'up from nothing against'} the ${baselineName} of ${formatUsd(expected)}`,
  };
}

/** The rate signals only an in-process tool sees; each needs enough calls to mean something. */
export function rateSignals(actual: Bucket, baseline: readonly Bucket[], s: Settings, minBaseline: number): Finding[] {
  if (actual.calls < s.minCalls) return [];
  const usable = baseline.filter((b) => b.calls >= s.minCalls);
  if (usable.length < minBaseline) return [];
  const findings: Finding[] = [];
  for (const [name, rate] of Object.entries(RATES) as Array<[Exclude<SignalName, 'cost'>, Rate]>) {
    const a = rate(actual);
    const values = usable.map(rate).filter((v): v is number => v !== null);
    if (a === null || values.length < minBaseline) continue;
    const expected = median(values);
    const z = robustZ(a, values);
    const finding = name === 'cacheReadShare' ? cacheDrop(actual, usable, a, expected, z, s) : rise(name, actual, a, expected, z, s);
    if (finding) findings.push(finding);
  }
  return findings;
}

function rise(name: Exclude<SignalName, 'cost' | 'cacheReadShare'>, b: Bucket, a: number, expected: number, z: number, s: Settings): Finding | null {
  const r = ratio(a, expected);
  if (r < s.rateRatio || z < s.minZ) return null;
  // The share of this period's spend the rise accounts for (retries bill no tokens: no direct cost).
  const impact = name === 'retries' ? 0 : name === 'truncations' ? (a - expected) * b.costUsd : b.costUsd * (1 - expected / a);
  if (name === 'retries' || name === 'truncations' ? b.costUsd < s.minUsd || a - expected < 0.05 : impact < s.minUsd) return null;
  const from = (v: number) => (name === 'tokensPerCall' ? String(Math.round(v)) : name === 'callsPerInteraction' ? round(v, 1).toString() : formatPct(v * 100));
  const why = {
    tokensPerCall: 'a prompt, context or retrieval change',
    retries: 'the provider is throttling or failing (429 / 5xx): failed attempts bill no tokens, but cost latency',
    truncations: 'the output cap is cutting answers short',
    callsPerInteraction: 'an agent loop or fan-out: more calls for each user action',
  }[name];
  const label = { tokensPerCall: 'tokens per call', retries: 'retries per call', truncations: 'truncated answers', callsPerInteraction: 'calls per interaction' }[name];
  return { signal: name, actual: a, expected, ratio: r, score: z, impactUsd: impact, explanation: `${label} rose from ${from(expected)} to ${from(a)}: ${why}` };
}

function cacheDrop(b: Bucket, baseline: readonly Bucket[], a: number, expected: number, z: number, s: Settings): Finding | null {
  if (expected - a < 0.1 || ratio(expected, a) < s.rateRatio || z > -s.minZ) return null;
  // Tokens that would have been cache reads, paid at the uncached price instead.
  const pooled = [b, ...baseline];
  const uncachedRate = sum(pooled, (x) => x.uncachedUsd) / Math.max(1, sum(pooled, (x) => x.uncachedTokens));
  const cacheRate = sum(pooled, (x) => x.cacheReadUsd) / Math.max(1, sum(pooled, (x) => x.cacheReadTokens));
  const impact = (expected - a) * b.inputTokens * Math.max(0, uncachedRate - cacheRate);
  if (impact < s.minUsd) return null;
  return {
    signal: 'cacheReadShare',
    actual: a,
    expected,
    ratio: ratio(a, expected),
    score: z,
    impactUsd: impact,
    explanation: `cache-read share fell from ${formatPct(expected * 100)} to ${formatPct(a * 100)} of input tokens: the prompt cache stopped hitting (a changed prompt prefix?)`,
  };
}

function sum(xs: readonly Bucket[], f: (b: Bucket) => number): number {
  return xs.reduce((t, x) => t + f(x), 0);
}
