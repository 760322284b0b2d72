import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { CostkitEvent } from '../event.js';
import type { Exporter } from './types.js';
import { appendOnce, appendOnceSync, toJsonLines } from './jsonl.js';

export interface FileExporterOptions {
  /** The JSON lines file, e.g. './costkit-events.jsonl'. Created with mode 0600. */
  path: string;
  /**
   * 'day': one file per UTC day of the event's timestamp, the date inserted before
   * the extension (costkit.jsonl -> costkit-2026-11-22.jsonl). Default 'none'.
   */
  rotate?: 'day' | 'none';
  /**
   * Start a new file once this one holds this many bytes (costkit.jsonl, then
   * costkit.1.jsonl, costkit.2.jsonl, …). A batch is never split, so a file can
   * exceed it by one batch.
   */
  maxFileBytes?: number;
}

/**
 * Appends JSON lines, one write per batch (per file) on an O_APPEND descriptor, so
 * that several processes can share a file without a torn line (see jsonl.ts).
 * Files are only ever created, never renamed: rotation moves on to a new name, so
 * processes that rotate at the same moment cannot clobber each other's files.
 */
export function fileExporter(options: FileExporterOptions): Exporter {
  const { path } = options;
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError("fileExporter: 'path' must be a non-empty string, e.g. fileExporter({ path: './costkit-events.jsonl' })");
  }
  const maxFileBytes = options.maxFileBytes;
  const byDay = options.rotate === 'day';
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

  return {
    name: 'file',
    async export(events) {
      for (const [day, group] of groupByDay(events, byDay)) {
        const data = toJsonLines(group);
        await appendOnce(await target(day, data.length), data);
      }
    },
    exportSync(events) {
      for (const [day, group] of groupByDay(events, byDay)) {
        const data = toJsonLines(group);
        appendOnceSync(targetSync(day, data.length), data);
      }
    },
  };
}

/** Events grouped by the UTC day they started, in order; one group when not rotating by day. */
function groupByDay(events: readonly CostkitEvent[], byDay: boolean): Map<string, CostkitEvent[]> {
  const groups = new Map<string, CostkitEvent[]>();
  if (!byDay) {
    groups.set('', events as CostkitEvent[]);
    return groups;
  }
  for (const event of events) {
    const day = /^\d{4}-\d{2}-\d{2}/.exec(event.timestamp)?.[0] ?? new Date().toISOString().slice(0, 10);
    let group = groups.get(day);
    if (!group) groups.set(day, (group = []));
    group.push(event);
  }
  return groups;
}
