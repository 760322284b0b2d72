import { Option, type Command } from 'commander';
import { formatUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Format, type Tabular } from '../formats/output.js';
import { BY_KEYS_HELP, parseByKeys } from '../ledger/filters.js';
import { anomalies, DEFAULT_SETTINGS, type Anomaly, type AnomaliesJson } from '../query/anomalies.js';
import { filtersOf, ledgerCommand, numberFlag, warn, type LedgerFlags } from './shared.js';

interface AnomaliesFlags extends LedgerFlags {
  by: string;
  period: 'hour' | 'day';
  drill: string;
  ratio: number;
  rateRatio: number;
  minZ: number;
  minUsd: number;
  minCalls: number;
}

export function registerAnomalies(program: Command): Command {
  const d = DEFAULT_SETTINGS;
  return ledgerCommand(program, 'anomalies', 'periods where cost, tokens per call, cache-read share, retries, truncations or calls per interaction broke from their own history')
    .option('--by <keys>', `one series per value of these keys (${BY_KEYS_HELP})`, 'feature')
    .addOption(new Option('--period <period>', 'day: against the last 7 days; hour: against the same hour of the week over 4 weeks').choices(['day', 'hour']).default('day'))
    .option('--drill <tag>', 'name top contributors by this tag as well as by model', 'customer')
    .option('--ratio <n>', 'cost: at least n times the baseline', numberFlag('--ratio', 1), d.ratio)
    .option('--rate-ratio <n>', 'rate signals: at least n times the baseline', numberFlag('--rate-ratio', 1), d.rateRatio)
    .option('--min-z <n>', 'robust z-score against the baseline at least n', numberFlag('--min-z'), d.minZ)
    .option('--min-usd <usd>', 'the dollar floor: impact at least this (so tiny features do not page)', numberFlag('--min-usd'), d.minUsd)
    .option('--min-calls <n>', 'rate signals: at least n calls in the period and in each baseline period', numberFlag('--min-calls', 1), d.minCalls)
    .action(async (paths: string[], flags: AnomaliesFlags) => {
      const json = await anomalies(paths, {
        ...filtersOf(flags),
        by: parseByKeys(flags.by),
        period: flags.period,
        drill: flags.drill,
        ratio: flags.ratio,
        rateRatio: flags.rateRatio,
        minZ: flags.minZ,
        minUsd: flags.minUsd,
        minCalls: flags.minCalls,
        onWarning: warn,
        progress: flags.progress,
      });
      await emit(flags.format === 'json' ? renderJson(json) : renderTabular(anomaliesView(json), flags.format as Exclude<Format, 'json'>), flags.out);
    });
}

const figure = (a: Anomaly, v: number) => (a.signal === 'cost' ? formatUsd(v) : a.signal === 'cacheReadShare' || a.signal === 'retries' || a.signal === 'truncations' ? `${(v * 100).toFixed(1)}%` : v.toFixed(1));

export function anomaliesView(json: AnomaliesJson): Tabular<Anomaly> {
  return {
    columns: [
      { header: 'period', value: (a) => a.period },
      ...json.by.map((k) => ({ header: k, value: (a: Anomaly) => a.key[k] ?? null, human: (a: Anomaly) => a.key[k] ?? '(none)' })),
      { header: 'signal', value: (a) => a.signal },
      { header: 'actual', value: (a) => a.actual, human: (a) => figure(a, a.actual), align: 'right' },
      { header: 'expected', value: (a) => a.expected, human: (a) => figure(a, a.expected), align: 'right' },
      { header: 'impact_usd', value: (a) => a.impactUsd, human: (a) => formatUsd(a.impactUsd), align: 'right' },
      { header: 'explanation', value: (a) => a.explanation },
    ],
    rows: json.anomalies,
    notes: [
      `${json.anomalies.length} anomalies in ${json.checked} ${json.period}s checked against the ${json.baseline} (ratio ≥ ${json.settings.ratio}, robust z ≥ ${json.settings.minZ}, impact ≥ $${json.settings.minUsd})` +
        (json.coldStart ? `; ${json.coldStart} ${json.period}s had too little history to judge` : ''),
    ],
  };
}
