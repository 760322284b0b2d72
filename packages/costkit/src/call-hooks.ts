import type { Scope, Tags } from './context.js';
import type { Cost } from './pricing/index.js';
import type { ProviderAdapter, RequestEdits, SdkCall } from './providers/adapter.js';
import type { CallAnnotations, CallRecord, CallSpec, CallStatus } from './recorder.js';
import type { BudgetEvent, GuardEvent } from './event.js';

/**
 * The seam before a call is sent. Guards run synchronously on the caller's
 * path; an admission hook (budgets) may answer later, and the SDK sends
 * nothing until it has: a refusal rejects the SDK's own promise, whatever its
 * type. With no asynchronous hook configured the call path stays synchronous.
 */

/** What a hook sees of a call about to be sent. */
export interface CallContext extends SdkCall {
  readonly spec: CallSpec;
  readonly tags: Readonly<Tags>;
  readonly scope: Scope | undefined;
  readonly adapter: ProviderAdapter;
  /** What earlier hooks decided to change in the request (read-only here: return edits instead). */
  readonly edits: Readonly<RequestEdits>;
  /** Queues a guard or budget event with the shared envelope filled in. */
  emit(event: HookEvent): void;
}

/**
 * A guard or budget event, before the runtime adds the envelope (`id`,
 * `timestamp`, `service`, `environment`; and, for a call's hooks, its `tags`).
 */
export type HookEvent = DistributiveOmit<GuardEvent | BudgetEvent, 'id' | 'timestamp' | 'service' | 'environment' | 'tags'> & { tags?: Tags };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a hook decides: changes to the request, and fields for the call's event. */
export interface CallDecision {
  edits?: RequestEdits;
  annotations?: CallAnnotations;
}

/** A guard: returns a decision, or throws a CostkitError to refuse the call before anything is sent. */
export type BeforeCallHook = (call: CallContext) => CallDecision | undefined;

/**
 * Admission (budgets): runs after the guards, with their edits. May answer at
 * once or with a promise; a rejection refuses the call. `record` is the call's
 * record, whose `reservation` the hook may set to settle it later.
 */
export type AdmissionHook = (call: CallContext, record: CallRecord) => CallDecision | undefined | Promise<CallDecision | undefined>;

/** Runs once per settled call, after pricing and before the event is queued. */
export type AfterCallHook = (record: CallRecord, status: CallStatus, cost: Cost | null) => void;

/** A call that passed (or failed) the seam: what the SDK patch needs to send it. */
export interface PreparedCall {
  readonly record: CallRecord;
  /** What to change in the request; filled by the guards, completed by admission once it answers. */
  edits: RequestEdits | undefined;
  /** Pending admission: the request waits for it; it rejects with the refusal. */
  admission: Promise<void> | undefined;
  /** A refusal decided before anything was sent. */
  refusal: unknown;
}
