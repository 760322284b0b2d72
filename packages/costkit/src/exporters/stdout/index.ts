import type { CostkitEvent } from '../../event.js';
import { describeCause, type Exporter, type ExportResult } from '../types.js';
import { parseFactoryOptions } from '../options.js';
import { toJsonLines, type JsonLines } from '../serialize.js';
import { FdWriter, SYNC_WRITE_TIMEOUT_MS } from './fd-writer.js';
import { prettyLine } from './pretty.js';
import { stdoutFactorySchema, type StdoutExporterOptions } from './options.js';

export type { StdoutExporterOptions } from './options.js';
export { prettyLine, escapeForTerminal } from './pretty.js';

/** JSON lines (or one human line per call) on stdout. */
export function stdoutExporter(options: StdoutExporterOptions = {}): Exporter {
  const { pretty, stream } = parseFactoryOptions(stdoutFactorySchema, options, 'stdout', 'stdoutExporter');
  // Touching process.stdout lets Node set the descriptor up (a pipe becomes
  // non-blocking), so that writing to fd 1 never stalls the app on a slow reader.
  const out = stream ?? process.stdout;
  const render = (events: readonly CostkitEvent[]): JsonLines => (pretty ? prettyLines(events) : toJsonLines(events));
  return out === process.stdout ? fdExporter(new FdWriter(1), render) : streamExporter(out, render);
}

function fdExporter(writer: FdWriter, render: (events: readonly CostkitEvent[]) => JsonLines): Exporter {
  return {
    name: 'stdout',
    async export(events) {
      const lines = render(events);
      const { lines: written, error } = await writer.write(lines.data, events);
      return result(lines, written, error);
    },
    exportSync(events) {
      const deadline = Date.now() + SYNC_WRITE_TIMEOUT_MS;
      // Batches already being written (the pipeline hands them over at exit) are
      // finished where they stopped, never written twice or torn.
      const mine = new Set<unknown>(events);
      let delivered = 0;
      let taken = 0;
      const started = new Set<unknown>();
      for (const pending of writer.finishPendingSync(deadline)) {
        if (!pending.events.some((e) => mine.has(e))) continue;
        for (const event of pending.events) started.add(event);
        delivered += pending.lines;
        taken += pending.events.length;
      }
      const rest = started.size ? events.filter((e) => !started.has(e)) : events;
      const lines = render(rest);
      const { lines: written, error } = writer.writeSync(lines.data, deadline);
      const now = result(lines, written, error);
      const failed = taken - delivered + (now.failed?.count ?? 0);
      return failed > 0
        ? { delivered: delivered + now.delivered, failed: { count: failed, reason: now.failed?.reason ?? 'stdout did not take the output in time' } }
        : { delivered: delivered + now.delivered };
    },
  };
}

/** A stream the app passed: one write per batch, counted once the stream has taken it. */
function streamExporter(out: NodeJS.WritableStream, render: (events: readonly CostkitEvent[]) => JsonLines): Exporter {
  return {
    name: 'stdout',
    export(events) {
      const lines = render(events);
      return new Promise<ExportResult>((resolve) => {
        out.write(lines.data, (error?: Error | null) => resolve(error ? result(lines, 0, error) : result(lines, lines.count)));
      });
    },
    exportSync(events) {
      const lines = render(events);
      out.write(lines.data);
      return result(lines, lines.count);
    },
  };
}

function result(lines: JsonLines, written: number, error?: unknown): ExportResult {
  const notWritten = lines.count - written;
  const skipped = lines.skipped?.count ?? 0;
  if (notWritten <= 0 && skipped === 0) return { delivered: lines.count };
  const reasons = [notWritten > 0 ? `stdout failed: ${error ? describeCause(error) : 'short write'}` : '', lines.skipped?.reason ?? ''].filter(Boolean);
  return { delivered: written, failed: { count: notWritten + skipped, reason: reasons.join('; ') } };
}

function prettyLines(events: readonly CostkitEvent[]): JsonLines {
  let text = '';
  let skipped = 0;
  let reason = '';
  for (const event of events) {
    try {
      text += prettyLine(event) + '\n';
    } catch (error) {
      skipped++;
      reason = `an event could not be shown (${describeCause(error)})`;
    }
  }
  const data = Buffer.from(text);
  return skipped ? { data, count: events.length - skipped, skipped: { count: skipped, reason } } : { data, count: events.length };
}
