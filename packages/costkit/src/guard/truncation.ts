import type { CallEvent } from '../event.js';
import type { CallRecord } from '../recorder.js';

/**
 * An answer cut by its output cap (`finishReason: 'length'`, which every
 * provider's stop reason for it is normalized to) is flagged `truncated: true`
 * on its event and counted on every enclosing scope (`scope.truncations`):
 * truncate-then-retry loops are where uncapped spend comes from.
 */
export function flagTruncation(record: CallRecord, event: CallEvent): void {
  if (event.finishReason !== 'length') return;
  (event as CallEvent & { truncated?: boolean }).truncated = true;
  for (let s = record.scope; s; s = s.parent) s.truncations++;
}
