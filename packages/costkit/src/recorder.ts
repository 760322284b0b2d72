import type { CallEvent, Usage } from './event.js';
import type { Provider } from './providers/ids.js';
import type { Scope, Tags } from './context.js';
import { reportInternalError } from './diagnostics.js';
import { isAbortError } from './instrument/errors.js';

/** What a patched method knows when the call starts. */
export interface CallSpec {
  provider: Provider;
  operation: string;
  /** The model the app asked for. */
  model: string;
  stream: boolean;
}

export type CallStatus = CallEvent['status'];

/** Where a finished call goes: the running instance prices it, settles its budgets and queues its event. */
export interface CallSink {
  complete(record: CallRecord, status: CallStatus, error: unknown): void;
}

/** The optional event fields that guards, budgets and call-start hooks fill before the call is sent. */
export type CallAnnotations = Pick<CallEvent, 'retryGroup' | 'retryAttempt' | 'outputCap' | 'degradedFrom' | 'budget' | 'traceId' | 'spanId'>;

/**
 * One provider call in flight. Instrumentation fills it as the response passes
 * (attempts, ids, usage, first token); it settles exactly once, however many
 * paths (success, error, abort, early break, garbage collection) try, and the
 * runtime turns it into one event. Fields are plain and all declared here, so
 * every record has one shape.
 */
export class CallRecord {
  /** Wall-clock start (epoch ms); the ISO string is built when the event is. */
  readonly startedAtEpochMs = Date.now();
  readonly startedAt = performance.now();
  endedAt = 0;
  /** The model sent: the app's, unless a budget degraded it (`degradedFrom`). */
  model: string;
  attempts = 0;
  requestId: string | null = null;
  responseModel: string | null = null;
  usage: Usage | null = null;
  finishReason: string | null = null;
  serviceTier: string | null = null;
  firstTokenAt: number | null = null;
  annotations: CallAnnotations | undefined = undefined;
  /** In-memory values a call-start hook attached (symbol keys, never serialized). */
  attachments: Record<symbol, unknown> | undefined = undefined;
  /** What the call reserved against budgets, released or settled when it ends. */
  reservation: unknown = undefined;
  private settled = false;
  private rawUsage: unknown = undefined;
  private normalizeUsage: ((raw: unknown) => Usage | null) | undefined = undefined;

  constructor(
    private readonly sink: CallSink,
    readonly spec: CallSpec,
    readonly tags: Readonly<Tags>,
    readonly tagged: boolean,
    readonly scope: Scope | undefined,
  ) {
    this.model = spec.model;
  }

  get isFinished(): boolean {
    return this.settled;
  }

  /**
   * Adds `fields` to the event's annotations. The first object passed becomes the
   * record's own (later ones are merged into it), so callers hand over a fresh
   * object: a copy per call was one of the costlier steps of a guarded call on Node 20.
   */
  annotate(fields: CallAnnotations): void {
    this.annotations = this.annotations ? Object.assign(this.annotations, fields) : fields;
  }

  /**
   * The provider's usage as reported so far, normalized into `usage` when the
   * call ends: a Gemini stream repeats its cumulative usage on every chunk, and
   * only the last one counts (nothing is built per chunk).
   */
  reportUsage(raw: unknown, normalize: (raw: unknown) => Usage | null): void {
    this.rawUsage = raw;
    this.normalizeUsage = normalize;
  }

  markFirstToken(): void {
    if (this.firstTokenAt === null) this.firstTokenAt = performance.now();
  }

  /** The call completed: the response (or the stream) reached its end. */
  succeed(): void {
    this.finish('ok', undefined);
  }

  /**
   * The call failed with `error`: an abort error, or any error once the caller's
   * signal had fired (`abortedBefore`), is `aborted`; anything else `error`.
   */
  fail(error: unknown, abortedBefore = false): void {
    this.finish(abortedBefore || isAbortError(error) ? 'aborted' : 'error', error);
  }

  /** The app left before the end (`break`, `return()`, a dropped stream): aborted, with the usage seen so far. */
  abandon(): void {
    this.finish('aborted', undefined);
  }

  /** Refused before anything was sent: no call event (the refusal has its own guard or budget event). */
  discard(): void {
    this.settled = true;
  }

  private finish(status: CallStatus, error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.endedAt = performance.now();
    try {
      if (this.normalizeUsage) {
        this.usage = normalizedUsage(this.rawUsage, this.normalizeUsage);
        // The provider's own usage object goes with the SDK's response, not with the record that waits for its batch.
        this.rawUsage = undefined;
      }
      this.sink.complete(this, status, error);
    } catch (failure) {
      reportInternalError('recorder', failure);
    }
  }
}

/** A usage block that cannot be read costs the event its usage, never the event. */
function normalizedUsage(raw: unknown, normalize: (raw: unknown) => Usage | null): Usage | null {
  try {
    return normalize(raw);
  } catch (error) {
    reportInternalError('usage', error);
    return null;
  }
}
