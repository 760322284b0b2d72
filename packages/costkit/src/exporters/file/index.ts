import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { CostkitEvent } from '../../event.js';
import type { Exporter } from '../types.js';
import { appendOnce, appendOnceSync } from '../jsonl.js';
import { resultOf, toJsonLines } from '../serialize.js';
import { parseFactoryOptions } from '../options.js';
import { fileFactorySchema, type FileExporterOptions } from './options.js';

export type { FileExporterOptions } from './options.js';

/**
 * Appends JSON lines, one write per batch (per file) on an O_APPEND descriptor, so
 * that several processes can share a file without a torn line (see jsonl.ts).
 * Files are only ever created, never renamed: rotation moves on to a new name, so
 * processes that rotate at the same moment cannot clobber each other's files.
 */
export function fileExporter(options: FileExporterOptions): Exporter {
  const { path, rotate, maxFileBytes } = parseFactoryOptions(fileFactorySchema, options, 'file', 'fileExporter');
  const byDay = rotate === 'day';
  const ext = extname(path);
  const stem = join(dirname(path), basename(path, ext));
  /** Per day (or '' without day rotation), the index of the file being filled. */
  const segment = new Map<string, number>();

  const fileFor = (day: string, index: number) => `${stem}${day ? `-${day}` : ''}${index ? `.${index}` : ''}${ext}`;

  async function target(day: string, bytes: number): Promise<string> {
    let index = segment.get(day) ?? 0;
    if (maxFileBytes !== undefined) {
      for (;;) {
        const size = await stat(fileFor(day, index)).then((s) => s.size, () => 0);
        if (size === 0 || size + bytes <= maxFileBytes) break;
        index++;
      }
      segment.set(day, index);
    }
    return fileFor(day, index);
  }

  function targetSync(day: string, bytes: number): string {
    let index = segment.get(day) ?? 0;
    if (maxFileBytes !== undefined) {
      for (;;) {
        let size = 0;
        try {
          size = statSync(fileFor(day, index)).size;
        } catch {
          size = 0;
        }
        if (size === 0 || size + bytes <= maxFileBytes) break;
        index++;
      }
      segment.set(day, index);
    }
    return fileFor(day, index);
  }

  /** The batch's lines per file day, serialized once. */
  const parts = (events: readonly CostkitEvent[]) => [...groupByDay(events, byDay)].map(([day, group]) => ({ day, lines: toJsonLines(group) }));

  return {
    name: 'file',
    async export(events) {
      const batch = parts(events);
      for (const { day, lines } of batch) await appendOnce(await target(day, lines.data.length), lines.data);
      return resultOf(batch.map((p) => p.lines));
    },
    exportSync(events) {
      const batch = parts(events);
      for (const { day, lines } of batch) appendOnceSync(targetSync(day, lines.data.length), lines.data);
      return resultOf(batch.map((p) => p.lines));
    },
  };
}

/** Events grouped by the UTC day they started, in order; one group when not rotating by day. */
function groupByDay(events: readonly CostkitEvent[], byDay: boolean): Map<string, readonly CostkitEvent[]> {
  const groups = new Map<string, CostkitEvent[]>();
  if (!byDay) return new Map([['', events]]);
  for (const event of events) {
    const day = /^\d{4}-\d{2}-\d{2}/.exec(event.timestamp)?.[0] ?? new Date().toISOString().slice(0, 10);
    let group = groups.get(day);
    if (!group) groups.set(day, (group = []));
    group.push(event);
  }
  return groups;
}
