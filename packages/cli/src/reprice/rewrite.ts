import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { CallEvent, PriceBook } from 'costkit';
import { lineProblem, type BadLine } from '../ledger/bad-lines.js';

export interface ModelChange {
  provider: string;
  model: string;
  calls: number;
  beforePico: bigint;
  afterPico: bigint;
  /** Calls that had a price and have none now, and the other way round. */
  lostPrice: number;
  gainedPrice: number;
}

export interface FileResult {
  file: string;
  out: string;
  lines: number;
  /** Call events whose cost block changed. */
  changed: number;
  bad: BadLine[];
}

const picoOf = (cost: CallEvent['cost']) => (cost ? BigInt(cost.totalPicoUsd ?? Math.round(cost.total * 1e12)) : 0n);

/**
 * Copies one event file line by line, every call with usage given the cost the book
 * prices it at now. Every other line is copied as it was, a bad one included
 * (reported, never dropped), and every field a newer costkit wrote is kept.
 */
export async function repriceFile(file: string, out: string, book: PriceBook, models: Map<string, ModelChange>): Promise<FileResult> {
  const gz = /\.gz$/i.test(file);
  const raw = createReadStream(file);
  const lines = createInterface({ input: gz ? raw.pipe(createGunzip()) : raw, crlfDelay: Number.POSITIVE_INFINITY });
  const sink = createWriteStream(out, { flags: 'wx', mode: 0o600 });
  const output = gz ? createGzip() : sink;
  if (gz) output.pipe(sink);
  const result: FileResult = { file, out, lines: 0, changed: 0, bad: [] };
  const write = async (text: string) => {
    if (!output.write(`${text}\n`)) await once(output, 'drain');
  };
  for await (const line of lines) {
    result.lines++;
    const text = line.trim();
    const problem = text === '' ? null : lineProblem(text);
    if (text === '' || problem) {
      if (problem) result.bad.push({ file, line: result.lines, reason: problem });
      await write(line);
      continue;
    }
    const event = JSON.parse(text) as CallEvent;
    if (event.schema !== 'costkit.call/1' || !event.usage) {
      await write(line);
      continue;
    }
    const before = event.cost;
    const after = book.price({ provider: event.provider, model: event.model, usage: event.usage, timestamp: event.timestamp, serviceTier: event.serviceTier ?? null });
    const key = `${event.provider}|${event.model}`;
    const m = models.get(key) ?? { provider: event.provider, model: event.model, calls: 0, beforePico: 0n, afterPico: 0n, lostPrice: 0, gainedPrice: 0 };
    models.set(key, m);
    m.calls++;
    m.beforePico += picoOf(before);
    m.afterPico += picoOf(after);
    if (before && !after) m.lostPrice++;
    if (!before && after) m.gainedPrice++;
    if (JSON.stringify(before) !== JSON.stringify(after)) result.changed++;
    event.cost = after;
    await write(JSON.stringify(event));
  }
  output.end();
  await once(sink, 'close');
  return result;
}
