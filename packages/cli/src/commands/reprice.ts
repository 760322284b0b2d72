import { mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatUsd, picoToUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Format, type Tabular } from '../formats/output.js';
import { resolveLedgerFiles } from '../ledger/paths.js';
import type { ModelChange } from '../reprice/rewrite.js';
import { warn } from './shared.js';

interface RepriceFlags {
  out: string;
  pricing?: string;
  format: string;
}

export interface RepriceJson {
  out: string;
  files: Array<{ file: string; out: string; lines: number; changed: number }>;
  calls: number;
  changed: number;
  beforeUsd: number;
  afterUsd: number;
  deltaUsd: number;
  models: Array<{ provider: string; model: string; calls: number; beforeUsd: number; afterUsd: number; deltaUsd: number; lostPrice: number; gainedPrice: number }>;
  skippedLines: number;
}

export function registerReprice(program: Command): Command {
  return program
    .command('reprice')
    .description("copies event files with every call's cost recomputed from today's price book and your overrides, and says how much changed")
    .argument('<paths...>', 'event files (.jsonl, .jsonl.gz) or directories')
    .requiredOption('--out <dir>', 'where the repriced copies go (same file names; never the input files)')
    .option('--pricing <overrides.json>', 'negotiated prices, as init({ pricing: { overrides } })')
    .addOption(new Option('--format <format>', 'summary format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .action(async (paths: string[], flags: RepriceFlags) => {
      const [{ createPriceBook }, { loadPricingFile }, { repriceFile }] = await Promise.all([import('costkit'), import('../pricing/overrides-file.js'), import('../reprice/rewrite.js')]);
      const book = createPriceBook({ overrides: flags.pricing ? await loadPricingFile(flags.pricing) : [] });
      const files = await resolveLedgerFiles(paths, async () => {
        throw new UsageError('reprice takes files and directories, not globs (let the shell expand them)');
      });
      if (files.parquet.length) throw new UsageError(`reprice rewrites JSON lines files; ${files.parquet[0]} is Parquet`);
      const outDir = resolve(flags.out);
      await mkdir(outDir, { recursive: true });
      const models = new Map<string, ModelChange>();
      const json: RepriceJson = { out: outDir, files: [], calls: 0, changed: 0, beforeUsd: 0, afterUsd: 0, deltaUsd: 0, models: [], skippedLines: 0 };
      for (const file of files.json) {
        const out = join(outDir, basename(file));
        if (resolve(out) === resolve(file)) throw new UsageError(`--out ${flags.out}: would overwrite ${file}; reprice into another directory`);
        if (await stat(out).catch(() => null)) throw new UsageError(`--out ${flags.out}: ${basename(file)} is already there; reprice into an empty directory`);
        const result = await repriceFile(file, out, book, models);
        for (const bad of result.bad) warn(`copied ${bad.file}:${bad.line} as it was: ${bad.reason}`);
        json.skippedLines += result.bad.length;
        json.changed += result.changed;
        json.files.push({ file, out, lines: result.lines, changed: result.changed });
      }
      let before = 0n;
      let after = 0n;
      for (const m of [...models.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model))) {
        before += m.beforePico;
        after += m.afterPico;
        json.calls += m.calls;
        json.models.push({ provider: m.provider, model: m.model, calls: m.calls, beforeUsd: picoToUsd(m.beforePico), afterUsd: picoToUsd(m.afterPico), deltaUsd: picoToUsd(m.afterPico - m.beforePico), lostPrice: m.lostPrice, gainedPrice: m.gainedPrice });
      }
      Object.assign(json, { beforeUsd: picoToUsd(before), afterUsd: picoToUsd(after), deltaUsd: picoToUsd(after - before) });
      await emit(flags.format === 'json' ? renderJson(json) : renderTabular(repriceView(json), flags.format as Exclude<Format, 'json'>));
    });
}

function repriceView(json: RepriceJson): Tabular<RepriceJson['models'][number]> {
  return {
    columns: [
      { header: 'provider', value: (m) => m.provider },
      { header: 'model', value: (m) => m.model },
      { header: 'calls', value: (m) => m.calls, align: 'right' },
      { header: 'before_usd', value: (m) => m.beforeUsd, human: (m) => formatUsd(m.beforeUsd), align: 'right' },
      { header: 'after_usd', value: (m) => m.afterUsd, human: (m) => formatUsd(m.afterUsd), align: 'right' },
      { header: 'delta_usd', value: (m) => m.deltaUsd, human: (m) => formatUsd(m.deltaUsd), align: 'right' },
      { header: 'newly_priced', value: (m) => m.gainedPrice, align: 'right' },
      { header: 'newly_unpriced', value: (m) => m.lostPrice, align: 'right' },
    ],
    rows: json.models,
    notes: [`${json.changed} of ${json.calls} calls changed cost: ${formatUsd(json.beforeUsd)} -> ${formatUsd(json.afterUsd)} (${formatUsd(json.deltaUsd)}); repriced copies in ${json.out}`],
  };
}
