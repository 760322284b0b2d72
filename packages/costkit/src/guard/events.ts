import { randomUUID } from 'node:crypto';
import type { GuardEvent } from '../event.js';
import type { BeforeCallContext } from '../runtime.js';
import { isoTimestamp } from '../time.js';

/** What a guard did to one call, and why; the rest of the event is the shared envelope. */
export interface GuardAction {
  guard: 'maxTokens' | 'maxRetries' | 'scopeLimit';
  action: GuardEvent['action'];
  detail: string;
  [field: string]: unknown;
}

/** Queues a `costkit.guard/1` event about the call described by `context`. */
export function emitGuardEvent(context: BeforeCallContext, action: GuardAction): void {
  const { runtime, spec, tags } = context;
  runtime.emit({
    schema: 'costkit.guard/1',
    id: randomUUID(),
    timestamp: isoTimestamp(Date.now()),
    service: runtime.service,
    environment: runtime.environment,
    tags,
    provider: spec.provider,
    model: spec.model,
    operation: spec.operation,
    ...action,
  });
}
