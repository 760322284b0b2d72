import { randomUUID } from 'node:crypto';
import type { CallError, CallEvent, Provider, Usage } from './event.js';
import type { Scope, Tags } from './context.js';
import { reportInternalError } from './diagnostics.js';
import { describeError } from './instrument/redact.js';
import { isoTimestamp } from './time.js';

/** What a patched method knows when the call starts. */
export interface CallSpec {
  provider: Provider;
  operation: string;
  model: string;
  stream: boolean;
}

/** Where a finished call goes: the running instance prices it and queues the event. */
export interface CallSink {
  /** Prices the event (fills `cost`, built as null here) and queues it. */
  complete(record: CallRecord, event: CallEvent): void;
}

export type CallStatus = CallEvent['status'];

/**
 * One provider call in flight. Instrumentation fills it as the response passes
 * (attempts, ids, usage, first token); `finish` turns it into exactly one event,
 * however many paths (success, error, abort, early break) try to finish it.
 */
export class CallRecord {
  /** Wall-clock start (epoch ms); the ISO string is built when the event is. */
  readonly startedAtEpochMs = Date.now();
  readonly startedAt = performance.now();
  attempts = 0;
  requestId: string | null = null;
  responseModel: string | null = null;
  usage: Usage | null = null;
  finishReason: string | null = null;
  serviceTier: string | null = null;
  firstTokenAt: number | null = null;
  /** Extra fields a guard or the retry cap adds to the event (retryGroup, truncated, …). */
  readonly annotations: Record<string, unknown> = {};
  private finished = false;

  constructor(
    private readonly sink: CallSink,
    readonly spec: CallSpec,
    readonly tags: Readonly<Tags>,
    readonly tagged: boolean,
    readonly scope: Scope | undefined,
    readonly service: string,
    readonly environment: string,
  ) {}

  /** When the call started, ISO 8601. */
  get timestamp(): string {
    return isoTimestamp(this.startedAtEpochMs);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  markFirstToken(): void {
    if (this.firstTokenAt === null) this.firstTokenAt = performance.now();
  }

  finish(status: CallStatus, error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.sink.complete(this, this.toEvent(status, error));
    } catch (failure) {
      reportInternalError('recorder', failure);
    }
  }

  private toEvent(status: CallStatus, error: unknown): CallEvent {
    const now = performance.now();
    const callError: CallError | null = status === 'error' ? describeError(error) : null;
    return {
      schema: 'costkit.call/1',
      id: randomUUID(),
      timestamp: this.timestamp,
      service: this.service,
      environment: this.environment,
      provider: this.spec.provider,
      operation: this.spec.operation,
      model: this.spec.model,
      responseModel: this.responseModel,
      stream: this.spec.stream,
      status,
      error: callError,
      tags: this.tags,
      tagged: this.tagged,
      usage: this.usage,
      cost: null,
      latencyMs: round(now - this.startedAt),
      timeToFirstTokenMs: this.spec.stream && this.firstTokenAt !== null ? round(this.firstTokenAt - this.startedAt) : null,
      attempts: this.attempts,
      finishReason: this.finishReason,
      requestId: this.requestId,
      serviceTier: this.serviceTier,
      interactionId: this.scope?.interactionId ?? null,
      ...this.annotations,
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
