import { writeSync } from 'node:fs';
import { once } from 'node:events';
import type { CallEvent, CostkitEvent } from '../event.js';
import type { Exporter } from './types.js';

export interface StdoutExporterOptions {
  /** One compact human line per call instead of JSON lines. */
  pretty?: boolean;
  /** Where to write; process.stdout by default. */
  stream?: NodeJS.WritableStream;
}

/** JSON lines (or one human line per call) on stdout. */
export function stdoutExporter(options: StdoutExporterOptions = {}): Exporter {
  const out = options.stream ?? process.stdout;
  const format = options.pretty ? prettyLine : (event: CostkitEvent) => JSON.stringify(event);
  const render = (events: readonly CostkitEvent[]) => {
    let text = '';
    for (const event of events) text += format(event) + '\n';
    return text;
  };
  return {
    name: 'stdout',
    async export(events) {
      // One write per batch keeps lines whole when other output interleaves.
      if (!out.write(render(events))) await once(out, 'drain');
    },
    exportSync(events) {
      if (out === process.stdout) writeSync(1, render(events));
      else out.write(render(events));
    },
  };
}

export function prettyLine(event: CostkitEvent): string {
  if (event.schema !== 'costkit.call/1') return `[costkit] ${event.schema} ${JSON.stringify(event.tags)} ${'detail' in event ? event.detail : ''}`;
  return formatCall(event);
}

function formatCall(e: CallEvent): string {
  const tokens = e.usage ? `${e.usage.inputTokens} in / ${e.usage.outputTokens} out` + (e.usage.cacheReadTokens ? ` (${e.usage.cacheReadTokens} cached)` : '') : 'no usage';
  const cost = e.cost ? formatUsd(e.cost.total) : 'unpriced';
  const tags = Object.entries(e.tags).map(([k, v]) => `${k}=${v}`).join(' ');
  const status = e.status === 'ok' ? '' : ` ${e.status.toUpperCase()}${e.error ? ` ${e.error.type}` : ''}`;
  return `[costkit] ${e.provider} ${e.operation} ${e.model}${e.stream ? ' (stream)' : ''} ${tokens} ${cost} ${e.latencyMs.toFixed(0)}ms${status} ${tags}`;
}

/** Enough decimals that a call of a few tokens does not read as $0.000000. */
function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  return `$${amount >= 0.01 ? amount.toFixed(4) : amount.toFixed(10).replace(/0+$/, '')}`;
}
