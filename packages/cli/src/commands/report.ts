import type { Command } from 'commander';
import { Option } from 'commander';
import { formatPct, formatUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Column, type Format, type Tabular } from '../formats/output.js';
import { BY_KEYS_HELP, parseByKeys } from '../ledger/filters.js';
import { GRANULARITIES } from '../formats/focus.js';
import { DEFAULT_BY, report, type ReportGroup, type ReportJson } from '../query/report.js';
import { filtersOf, ledgerCommand, warn, type LedgerFlags } from './shared.js';

interface ReportFlags extends LedgerFlags {
  by?: string;
  granularity: (typeof GRANULARITIES)[number];
  pricing?: string;
  account: string[];
}

export function registerReport(program: Command): Command {
  return ledgerCommand(program, 'report', 'cost, calls and tokens by team, feature, customer, model, day… (or a FOCUS 1.2 CSV with --format focus)', { formats: ['table', 'json', 'csv', 'markdown', 'focus'] })
    .option('--by <keys>', `group by these comma-separated keys: ${BY_KEYS_HELP} (default ${DEFAULT_BY.join(',')})`)
    .addOption(new Option('--granularity <period>', 'FOCUS charge period').choices(GRANULARITIES).default('day'))
    .option('--pricing <overrides.json>', 'FOCUS: ContractedCost/BilledCost from these negotiated prices instead of the recorded cost')
    .option('--account <provider=id>', 'FOCUS BillingAccountId per provider, e.g. openai=org-123 (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(async (paths: string[], flags: ReportFlags) => {
      const filters = filtersOf(flags);
      if (flags.format === 'focus') {
        // The price book and the FOCUS writer load only for the export (a plain report starts faster).
        const [{ focusExport }, { loadPricingFile }] = await Promise.all([import('../query/focus.js'), import('../pricing/overrides-file.js')]);
        const csv = await focusExport(paths, {
          ...filters,
          granularity: flags.granularity,
          overrides: flags.pricing ? await loadPricingFile(flags.pricing) : undefined,
          accounts: flags.account,
          onWarning: warn,
          progress: flags.progress,
        });
        return emit(csv, flags.out);
      }
      const json = await report(paths, { ...filters, by: flags.by ? parseByKeys(flags.by) : undefined, onWarning: warn, progress: flags.progress });
      await emit(flags.format === 'json' ? renderJson(json) : renderTabular(reportView(json), flags.format as Exclude<Format, 'json'>), flags.out);
    });
}

const money = (usd: number) => formatUsd(usd);

export function reportView(json: ReportJson): Tabular<ReportGroup> {
  const keyColumns: Column<ReportGroup>[] = json.by.map((key) => ({ header: key, value: (g) => g.key[key] ?? null, human: (g) => g.key[key] ?? '(none)' }));
  const columns: Column<ReportGroup>[] = [
    ...keyColumns,
    { header: 'cost_usd', value: (g) => g.costUsd, human: (g) => money(g.costUsd), align: 'right' },
    { header: 'share', value: (g) => g.sharePct, human: (g) => formatPct(g.sharePct), align: 'right' },
    { header: 'calls', value: (g) => g.calls, align: 'right' },
    { header: 'input_tokens', value: (g) => g.inputTokens, align: 'right' },
    { header: 'output_tokens', value: (g) => g.outputTokens, align: 'right' },
    { header: 'cache_read_tokens', value: (g) => g.cacheReadTokens, align: 'right', csvOnly: true },
    { header: 'cache_write_tokens', value: (g) => g.cacheWriteTokens, align: 'right', csvOnly: true },
    { header: 'reasoning_tokens', value: (g) => g.reasoningTokens, align: 'right', csvOnly: true },
    { header: 'cache_read_share', value: (g) => g.cacheReadShare, human: (g) => formatPct(g.cacheReadShare === null ? null : g.cacheReadShare * 100), align: 'right' },
    { header: 'retries', value: (g) => g.retries, align: 'right' },
    { header: 'errors', value: (g) => g.errors, align: 'right' },
    { header: 'truncations', value: (g) => g.truncations, align: 'right' },
    { header: 'unpriced_calls', value: (g) => g.unpricedCalls, align: 'right' },
  ];
  const t = json.total;
  const u = json.unallocated;
  const owners = u.owners.map((o) => `${Object.entries(o.tags).map(([k, v]) => `${k}=${v}`).join(', ') || '(no tags)'} (${money(o.costUsd)}, ${o.calls} calls)`);
  const notes = [
    `total: ${money(t.costUsd)} over ${t.calls} calls (${t.inputTokens} input / ${t.outputTokens} output tokens, ${t.errors} errors, ${t.retries} retries, ${t.truncations} truncated, ${t.unpricedCalls} unpriced)`,
    `unallocated (tagged: false): ${money(u.costUsd)}, ${formatPct(u.sharePct)} of cost, ${u.calls} calls; owner: ${owners.join('; ') || 'none'}`,
  ];
  if (t.unpricedCalls > 0) notes.push(`${t.unpricedCalls} calls have usage but no price: their cost is not in these totals (see costkit reprice --pricing)`);
  if (json.skippedLines > 0) notes.push(`${json.skippedLines} lines were not events and were skipped (listed on stderr)`);
  return { columns, rows: json.groups, notes };
}
