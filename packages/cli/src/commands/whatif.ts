import type { Command } from 'commander';
import type { Provider } from 'costkit';
import { UsageError } from '../errors.js';
import { formatUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Format, type Tabular } from '../formats/output.js';
import { BY_KEYS_HELP, parseByKeys } from '../ledger/filters.js';
import type { WhatifGroup, WhatifJson } from '../query/whatif.js';
import { filtersOf, ledgerCommand, warn, type LedgerFlags } from './shared.js';

interface WhatifFlags extends LedgerFlags {
  model: string;
  provider?: string;
  by: string;
  pricing?: string;
  scale: string[];
}

export function registerWhatif(program: Command): Command {
  return ledgerCommand(program, 'whatif', 'the same usage repriced on another model, side by side with what it cost')
    .requiredOption('--model <model>', 'the model to price the usage on, e.g. gpt-4o-mini')
    .option('--provider <provider>', "its provider, as events name it (openai, …); default: the one whose price book has the model")
    .option('--by <keys>', `compare per value of these keys (${BY_KEYS_HELP})`, 'model')
    .option('--pricing <overrides.json>', 'negotiated prices for the target (and any) model')
    .option('--scale <kind=factor>', 'a token-shape change before pricing: input=1.3 or output=0.5 (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(async (paths: string[], flags: WhatifFlags) => {
      const [{ PROVIDER_IDS }, { whatif }, { loadPricingFile }] = await Promise.all([import('costkit'), import('../query/whatif.js'), import('../pricing/overrides-file.js')]);
      if (flags.provider && !(PROVIDER_IDS as readonly string[]).includes(flags.provider)) throw new UsageError(`--provider '${flags.provider}': expected one of ${PROVIDER_IDS.join(', ')}`);
      const json = await whatif(paths, {
        ...filtersOf(flags),
        model: flags.model,
        provider: flags.provider as Provider | undefined,
        by: parseByKeys(flags.by),
        overrides: flags.pricing ? await loadPricingFile(flags.pricing) : undefined,
        scale: parseScale(flags.scale),
        onWarning: warn,
        progress: flags.progress,
      });
      await emit(flags.format === 'json' ? renderJson(json) : renderTabular(whatifView(json), flags.format as Exclude<Format, 'json'>), flags.out);
    });
}

function parseScale(values: string[]): { input?: number; output?: number } {
  const scale: { input?: number; output?: number } = {};
  for (const v of values) {
    const m = /^(input|output)=(\d+(?:\.\d+)?)$/.exec(v.trim());
    if (!m) throw new UsageError(`--scale '${v}': expected input=<factor> or output=<factor>, e.g. --scale output=0.5`);
    scale[m[1] as 'input' | 'output'] = Number(m[2]);
  }
  return scale;
}

export function whatifView(json: WhatifJson): Tabular<WhatifGroup> {
  const t = json.total;
  const ratio = (r: number | null) => (r === null ? '-' : `${r.toFixed(r < 10 ? 2 : 1)}x`);
  const shape = json.scale.input !== 1 || json.scale.output !== 1 ? ` with input x${json.scale.input}, output x${json.scale.output}` : '';
  return {
    columns: [
      ...json.by.map((k) => ({ header: k, value: (g: WhatifGroup) => g.key[k] ?? null, human: (g: WhatifGroup) => g.key[k] ?? '(none)' })),
      { header: 'calls', value: (g) => g.calls, align: 'right' },
      { header: 'current_usd', value: (g) => g.currentUsd, human: (g) => formatUsd(g.currentUsd), align: 'right' },
      { header: `on_${json.target.model}_usd`, value: (g) => g.whatifUsd, human: (g) => formatUsd(g.whatifUsd), align: 'right' },
      { header: 'delta_usd', value: (g) => g.deltaUsd, human: (g) => formatUsd(g.deltaUsd), align: 'right' },
      { header: 'current_vs_target', value: (g) => g.ratio, human: (g) => ratio(g.ratio), align: 'right' },
    ],
    rows: json.groups,
    notes: [
      `total: ${formatUsd(t.currentUsd)} as recorded, ${formatUsd(t.whatifUsd)} on ${json.target.provider}/${json.target.model}${shape} (${json.target.priceRef}): ${ratio(t.ratio)}`,
      ...(t.unpricedCalls ? [`${t.unpricedCalls} calls had no recorded price: they add to the what-if cost only`] : []),
    ],
  };
}
