import type { CostkitEvent } from '../event.js';
import { describeCause, type ExportResult } from './types.js';

/** A batch as JSON lines, and the events that could not be serialized (counted, not thrown). */
export interface JsonLines {
  data: Buffer;
  /** Events in `data`. */
  count: number;
  skipped?: { count: number; reason: string };
}

/**
 * Events as JSON lines in one buffer. Symbol-keyed properties (in-process
 * attachments, see call-start.ts) are never serialized. An event that cannot be
 * serialized (a BigInt or a cycle in a field an app added) is skipped and
 * reported, so one bad event does not cost its whole batch.
 */
export function toJsonLines(events: readonly CostkitEvent[]): JsonLines {
  let text = '';
  let skipped = 0;
  let reason = '';
  for (const event of events) {
    try {
      text += JSON.stringify(event) + '\n';
    } catch (error) {
      skipped++;
      reason = `an event could not be serialized as JSON (${describeCause(error)})`;
    }
  }
  const data = Buffer.from(text);
  return skipped ? { data, count: events.length - skipped, skipped: { count: skipped, reason } } : { data, count: events.length };
}

/** The ExportResult of writing every one of `parts` whole. */
export function resultOf(parts: readonly JsonLines[]): ExportResult {
  let delivered = 0;
  let failed: { count: number; reason: string } | undefined;
  for (const part of parts) {
    delivered += part.count;
    if (part.skipped) failed = { count: (failed?.count ?? 0) + part.skipped.count, reason: part.skipped.reason };
  }
  return failed ? { delivered, failed } : { delivered };
}
