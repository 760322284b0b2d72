import { newId } from './ids.js';
import type { CallEvent } from './event.js';
import type { Cost } from './pricing/index.js';
import type { CallRecord, CallStatus } from './recorder.js';
import { describeError } from './instrument/redact.js';

/** The envelope every event of one runtime shares. */
export interface Origin {
  readonly service: string;
  readonly environment: string;
}

/**
 * The one place a call event is built: once, from a settled record and its
 * price, with every field of the schema assigned in schema order (one object
 * shape for every event, which keeps serialization fast). Optional fields are
 * present only when they carry something.
 */
export function buildCallEvent(record: CallRecord, status: CallStatus, error: unknown, cost: Cost | null, timestamp: string, origin: Origin): CallEvent {
  const { spec } = record;
  const event: CallEvent = {
    schema: 'costkit.call/1',
    id: newId(),
    timestamp,
    service: origin.service,
    environment: origin.environment,
    tags: record.tags,
    provider: spec.provider,
    operation: spec.operation,
    model: record.model,
    responseModel: record.responseModel,
    stream: spec.stream,
    status,
    error: status === 'error' ? describeError(error) : null,
    tagged: record.tagged,
    usage: record.usage,
    cost,
    latencyMs: round(record.endedAt - record.startedAt),
    timeToFirstTokenMs: spec.stream && record.firstTokenAt !== null ? round(record.firstTokenAt - record.startedAt) : null,
    attempts: record.attempts,
    finishReason: record.finishReason,
    requestId: record.requestId,
    serviceTier: record.serviceTier,
    interactionId: record.scope?.interactionId ?? null,
  };
  const a = record.annotations;
  if (a) {
    if (a.degradedFrom !== undefined) event.degradedFrom = a.degradedFrom;
    if (a.retryGroup !== undefined) event.retryGroup = a.retryGroup;
    if (a.retryAttempt !== undefined) event.retryAttempt = a.retryAttempt;
    if (a.outputCap !== undefined) event.outputCap = a.outputCap;
    if (a.budget !== undefined) event.budget = a.budget;
    if (a.traceId !== undefined) event.traceId = a.traceId;
    if (a.spanId !== undefined) event.spanId = a.spanId;
  }
  if (record.finishReason === 'length') event.truncated = true;
  const attachments = record.attachments;
  if (attachments) {
    // Symbol keys: JSON never sees them; in-process exporters read them back.
    for (const key of Object.getOwnPropertySymbols(attachments)) (event as Record<symbol, unknown>)[key] = attachments[key];
  }
  return event;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
