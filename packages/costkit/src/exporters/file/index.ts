import { statSync } from 'node:fs';
import type fsp from 'node:fs/promises';
import { nodeBuiltin } from '../../node-builtin.js';
import { basename, dirname, extname, join } from 'node:path';
import type { CostkitEvent } from '../../event.js';
import type { Exporter, ExportResult } from '../types.js';
import type { JsonLines } from '../serialize.js';
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
        const size = await nodeBuiltin<typeof fsp>('node:fs/promises').stat(fileFor(day, index)).then((s) => s.size, () => 0);
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
  const parts = (events: readonly CostkitEvent[]): Part[] => [...groupByDay(events, byDay)].map(([day, group]) => ({ day, lines: toJsonLines(group) }));

  // Writes happen one after another, in the order batches arrived, and batches
  // that arrive while one is being written go out together in the next writev.
  // Serializing does not wait for the disk: the next batch is turned into lines
  // while the previous one is on its way.
  const waiting: { events: readonly CostkitEvent[]; batch: Part[]; settle: (result: ExportResult | Error) => void }[] = [];
  let writing = false;

  async function writeWaiting(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const taken = waiting.splice(0);
      // With maxFileBytes, one batch per write, so that a file exceeds it by one batch at most.
      for (const group of maxFileBytes === undefined ? [taken] : taken.map((one) => [one])) await writeGroup(group);
    }
    writing = false;
  }

  async function writeGroup(group: typeof waiting): Promise<void> {
    const byDay = new Map<string, Buffer[]>();
    for (const { batch } of group) {
      for (const { day, lines } of batch) {
        if (!byDay.has(day)) byDay.set(day, []);
        byDay.get(day)!.push(lines.data);
      }
    }
    try {
      for (const [day, buffers] of byDay) await appendOnce(await target(day, byteLength(buffers)), buffers);
      for (const { batch, settle } of group) settle(resultOf(batch.map((p) => p.lines)));
    } catch (error) {
      for (const { settle } of group) settle(error instanceof Error ? error : new Error(String(error)));
    }
  }

  return {
    name: 'file',
    maxConcurrency: 4,
    export(events) {
      const batch = parts(events);
      const written = new Promise<ExportResult>((resolve, reject) => {
        waiting.push({ events, batch, settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
      });
      if (!writing) void writeWaiting();
      return written;
    },
    exportSync(events) {
      // Batches the pipeline takes back (a deadline) that are still waiting for
      // their turn are written here instead, not a second time later.
      const mine = new Set<unknown>(events);
      for (let i = waiting.length - 1; i >= 0; i--) {
        const entry = waiting[i]!;
        if (entry.events.length === 0 || !mine.has(entry.events[0])) continue;
        waiting.splice(i, 1);
        entry.settle(resultOf(entry.batch.map((p) => p.lines)));
      }
      const batch = parts(events);
      for (const { day, lines } of batch) appendOnceSync(targetSync(day, lines.data.length), lines.data);
      return resultOf(batch.map((p) => p.lines));
    },
  };
}

interface Part {
  day: string;
  lines: JsonLines;
}

const byteLength = (buffers: readonly Uint8Array[]) => buffers.reduce((n, b) => n + b.length, 0);

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
