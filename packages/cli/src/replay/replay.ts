import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { costkitEventSchema, type CostkitEvent } from 'costkit';
import { httpExporter } from 'costkit/exporters';
import type { BadLine } from '../ledger/bad-lines.js';
import { acquireLock, ReplayState } from './state.js';

export interface ReplayOptions {
  url: string;
  headers?: Record<string, string>;
  /** Events per POST (default 500). */
  batchSize?: number;
  /** Retries of a batch before the replay stops (default 3). */
  retries?: number;
  retryBaseDelayMs?: number;
  /** The progress file (default: `<file>.replay`). */
  statePath?: string;
}

export interface ReplayJson {
  file: string;
  to: string;
  /** Events in the file (valid, each id once). */
  events: number;
  /** Sent and acknowledged by this run. */
  sent: number;
  /** Acknowledged by an earlier run: not sent again. */
  alreadyDelivered: number;
  /** The same event id on more than one line: sent once. */
  duplicates: number;
  /** Still to deliver: 0 when the replay is complete. */
  remaining: number;
  skippedLines: number;
  skipped: BadLine[];
  /** Why the replay stopped early, or null. */
  error: string | null;
  progressFile: string;
}

/**
 * Sends a dead-letter file's events to a collector (the http exporter's format: a
 * JSON array per POST), in file order, idempotently: each acknowledged batch's ids go
 * to the progress file before the next batch is sent, so neither a re-run nor a
 * collector that is down loses or resends an acknowledged event. A batch sent but
 * not acknowledged (the connection died) is sent again on the next run with the
 * same `idempotency-key` header, and every event carries its `id`: a collector that
 * drops ids it has seen stores each event once.
 */
export async function replay(file: string, options: ReplayOptions): Promise<ReplayJson> {
  const statePath = options.statePath ?? `${file}.replay`;
  const release = acquireLock(`${statePath}.lock`);
  const state = new ReplayState(statePath);
  const json: ReplayJson = { file, to: options.url, events: 0, sent: 0, alreadyDelivered: 0, duplicates: 0, remaining: 0, skippedLines: 0, skipped: [], error: null, progressFile: statePath };
  try {
    const { events, duplicates, skipped } = await readDeadLetters(file);
    json.events = events.length;
    json.duplicates = duplicates;
    json.skipped = skipped;
    json.skippedLines = skipped.length;
    const pending = events.filter((e) => !state.delivered.has(e.id));
    json.alreadyDelivered = events.length - pending.length;
    const size = options.batchSize ?? 500;
    for (let i = 0; i < pending.length; i += size) {
      const batch = pending.slice(i, i + size);
      const exporter = httpExporter({
        url: options.url,
        headers: { ...options.headers, 'idempotency-key': createHash('sha256').update(batch.map((e) => e.id).join('\n')).digest('hex') },
        maxRetries: options.retries ?? 3,
        retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
        maxConcurrency: 1,
      });
      try {
        // The exporter says what happened; a batch not delivered whole stays for the next run.
        const result = await exporter.export(batch);
        const delivered = result ? result.delivered : batch.length;
        if (delivered < batch.length) {
          json.error = result?.failed?.reason ?? `the collector took ${delivered} of ${batch.length} events`;
          break;
        }
      } catch (error) {
        json.error = error instanceof Error ? error.message : String(error);
        break;
      } finally {
        await exporter.shutdown?.();
      }
      state.record(batch.map((e) => e.id));
      json.sent += batch.length;
    }
    json.remaining = pending.length - json.sent;
    return json;
  } finally {
    state.close();
    release();
  }
}

async function readDeadLetters(file: string): Promise<{ events: CostkitEvent[]; duplicates: number; skipped: BadLine[] }> {
  const raw = createReadStream(file);
  const lines = createInterface({ input: /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw, crlfDelay: Number.POSITIVE_INFINITY });
  const seen = new Set<string>();
  const events: CostkitEvent[] = [];
  const skipped: BadLine[] = [];
  let duplicates = 0;
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push({ file, line: number, reason: 'not valid JSON (truncated?)' });
      continue;
    }
    const parsed = costkitEventSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ file, line: number, reason: `not a costkit event (${issue ? `${issue.path.join('.') || 'schema'}: ${issue.message}` : 'invalid'})` });
      continue;
    }
    // Sent as written: the schema's parse output would drop nothing, but the original keeps field order.
    const event = value as CostkitEvent;
    if (seen.has(event.id)) {
      duplicates++;
      continue;
    }
    seen.add(event.id);
    events.push(event);
  }
  return { events, duplicates, skipped };
}
