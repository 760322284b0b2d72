import { newId } from './ids.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedInitOptions } from './config.js';
import type { AdmissionHook, AfterCallHook, BeforeCallHook, CallContext, CallDecision, HookEvent, PreparedCall } from './call-hooks.js';
import type { CostkitEvent } from './event.js';
import type { ProviderAdapter, RequestEdits, SdkCall } from './providers/adapter.js';
import { buildCallEvent } from './call-event.js';
import { currentScope, type Scope, type ScopeLimits } from './context.js';
import { CostkitError } from './errors.js';
import { internalErrorCount, reportInternalError, warnOnce } from './diagnostics.js';
import { CallRecord, type CallSink, type CallSpec, type CallStatus } from './recorder.js';
import { Pipeline, type PipelineStats } from './pipeline/pipeline.js';
import { createExporter } from './exporters/index.js';
import { runCallStartHooks } from './instrument/call-start.js';
import { createPriceBook, type Cost, type PriceBook } from './pricing/index.js';
import { scopeLimitRefusal } from './guard/scope-limits.js';
import { currentRetryAttempt } from './guard/retry-group.js';
import { CallTags } from './call-tags.js';
import { isoTimestamp } from './time.js';
import { isCompleteCost } from './cost-check.js';
import { FinishedCalls } from './finished-calls.js';
import { setPendingScopeCharges } from './context.js';

export interface CostkitStats extends PipelineStats, BudgetCounters {
  calls: number;
  unpricedCalls: number;
  unpricedModels: string[];
  /** Failures on the call path (costkit's own, or a tagSource's, a hook's) since this init(): each reported once on stderr, every one counted, none changed a call. */
  internalErrors: number;
}

/** What budgets count (budget/): store operations that failed or timed out, settles dropped, alerts not delivered. */
export interface BudgetCounters {
  budgetStoreErrors: number;
  budgetSettlesDropped: number;
  budgetAlertsFailed: number;
}

/** What a patched method hands the runtime when a call starts. */
export interface CallStartRequest extends SdkCall {
  readonly spec: CallSpec;
  readonly adapter: ProviderAdapter;
  /** Edits the adapter itself wants (asking for stream usage). */
  readonly edits: RequestEdits | undefined;
}

/**
 * The running costkit instance made by `init()`: resolved options, the price
 * book, the pipeline and the call hooks. Patched methods look it up per call,
 * so `init()` again reconfigures without re-patching; calls still in flight
 * when it does finish into the new instance (nothing is dropped).
 */
export class Runtime implements CallSink {
  readonly service: string;
  readonly environment: string;
  readonly pipeline: Pipeline;
  readonly priceBook: PriceBook;
  /** Guards, in order; see guard/install.ts. */
  readonly beforeCall: BeforeCallHook[] = [];
  admission: AdmissionHook | undefined = undefined;
  readonly afterCall: AfterCallHook[] = [];
  readonly budgetCounters: BudgetCounters = { budgetStoreErrors: 0, budgetSettlesDropped: 0, budgetAlertsFailed: 0 };
  private readonly tags: CallTags;
  /** init's `guard.scopeLimits`: the defaults for scopes that set no limits of their own. */
  private readonly scopeLimits: ScopeLimits | undefined;
  private readonly unpriced = new Set<string>();
  private calls = 0;
  private unpricedCalls = 0;
  private successor: Runtime | undefined;
  private readonly internalErrorsBefore = internalErrorCount();
  /** Calls that finished and are completed (priced, charged, made events) in the next batch. */
  private readonly finished = new FinishedCalls((record, status, error) => this.completeNow(record, status, error));

  constructor(readonly options: ParsedInitOptions) {
    this.service = options.service ?? appPackageName() ?? 'unknown';
    this.environment = options.environment ?? process.env.NODE_ENV ?? 'development';
    this.tags = new CallTags(options);
    this.scopeLimits = options.guard?.scopeLimits;
    this.priceBook = createPriceBook(options.pricing ?? {});
    const exporters = (options.exporters ?? [{ type: 'stdout' as const }]).map(createExporter);
    this.pipeline = new Pipeline(exporters, { ...options.queue, upstream: () => this.finished.drain() });
  }

  get injectStreamUsage(): boolean {
    return this.options.openai?.injectStreamUsage !== false;
  }

  /** Replaced by `next` (init() again): calls that finish from now on are completed there. */
  retire(next: Runtime): void {
    this.finished.drain();
    this.successor = next;
  }

  /**
   * Everything that happens on the caller's path before the request is sent:
   * snapshot the tags, enforce the tagging contract and the scope limits, run
   * the guards and admission. Never throws: a refusal is returned, to reach the
   * app through the SDK's own promise.
   */
  startCall(request: CallStartRequest): PreparedCall {
    const scope = currentScope();
    const tags = this.tags.resolve(scope);
    const tagged = scope !== undefined || tags !== this.tags.defaults;
    const record = new CallRecord(this, request.spec, tags, tagged, scope);
    const prepared: PreparedCall = { record, edits: request.edits, admission: undefined, refusal: undefined };
    let context: (CallContext & { edits: RequestEdits }) | undefined;
    // Scope limits and budgets read what finished calls cost: those still waiting are charged first.
    if (this.finished.size > 0 && (this.admission || this.scopeLimits || hasOwnLimits(scope))) this.finished.drain();
    try {
      this.tags.checkRequired(tags);
      const limited = scope && scopeLimitRefusal(scope, this.scopeLimits);
      if (limited) {
        this.emitFor(request.spec, tags, limited.event);
        throw limited.error;
      }
      const attempt = currentRetryAttempt();
      if (attempt) record.annotate({ retryGroup: attempt.retryGroup, retryAttempt: attempt.attempt });
      if (this.beforeCall.length > 0 || this.admission) {
        context = this.contextFor(request, tags, scope, prepared);
        for (const hook of this.beforeCall) this.apply(prepared, context, hook(context));
      }
    } catch (error) {
      return this.refuse(prepared, error);
    }
    if (this.admission && context) {
      this.admit(prepared, context);
      if (prepared.refusal !== undefined) return prepared;
    }
    // Counted once admitted (or while admission is pending: a scope's maxCalls must
    // see calls in flight); a call refused later is taken back off.
    this.count(scope, 1);
    // Exporters that need the caller's context (the OTel bridge's parent span) capture it here.
    runCallStartHooks(record);
    return prepared;
  }

  private count(scope: Scope | undefined, by: 1 | -1): void {
    this.calls += by;
    for (let s: Scope | undefined = scope; s; s = s.parent) s.calls += by;
  }

  private contextFor(request: CallStartRequest, tags: CallContext['tags'], scope: Scope | undefined, prepared: PreparedCall): CallContext & { edits: RequestEdits } {
    // A copy the hooks may add to; most calls arrive with no edits (and a spread costs on Node 20).
    return new HookContext(this, request, tags, scope, prepared.edits ? Object.assign({}, prepared.edits) : {});
  }

  private apply(prepared: PreparedCall, context: { edits: RequestEdits }, decision: CallDecision | undefined): void {
    if (!decision) return;
    if (decision.edits) {
      Object.assign(context.edits, decision.edits);
      prepared.edits = context.edits;
      if (decision.edits.model !== undefined) prepared.record.model = decision.edits.model;
    }
    if (decision.annotations) prepared.record.annotate(decision.annotations);
  }

  private admit(prepared: PreparedCall, context: CallContext & { edits: RequestEdits }): void {
    let answer: ReturnType<AdmissionHook>;
    try {
      answer = this.admission!(context, prepared.record);
    } catch (error) {
      this.refuse(prepared, error);
      return;
    }
    if (!(answer instanceof Promise)) {
      this.apply(prepared, context, answer);
      return;
    }
    prepared.admission = answer.then(
      (decision) => this.apply(prepared, context, decision),
      (error: unknown) => {
        prepared.record.discard();
        this.count(prepared.record.scope, -1);
        throw error instanceof CostkitError ? error : this.admissionFailure(error);
      },
    );
  }

  private refuse(prepared: PreparedCall, error: unknown): PreparedCall {
    prepared.record.discard();
    if (error instanceof CostkitError) {
      prepared.refusal = error;
    } else {
      // A guard's own bug: reported once, and the call goes on unguarded.
      reportInternalError('call start', error);
    }
    return prepared;
  }

  private admissionFailure(error: unknown): Error {
    reportInternalError('budget admission', error);
    return error instanceof Error ? error : new Error(String(error));
  }

  /** A call settled: it is completed with the next batch (finished-calls.ts). */
  complete(record: CallRecord, status: CallStatus, error: unknown): void {
    if (this.successor) return this.successor.complete(record, status, error);
    this.finished.add(record, status, error);
  }

  /** Completes the calls that finished and wait for their batch: before anything reads their cost. */
  completeFinished(): void {
    this.finished.drain();
  }

  /** Prices a finished call, charges its scopes, runs the after-call hooks, queues its event. */
  private completeNow(record: CallRecord, status: CallStatus, error: unknown): void {
    // The call's start, as ISO: priced by it and written on the event (built once).
    const timestamp = isoTimestamp(record.startedAtEpochMs);
    const cost = record.usage ? this.completeCostOf(record, timestamp) : null;
    const truncated = record.finishReason === 'length';
    for (let s = record.scope; s; s = s.parent) {
      if (cost) s.costUsd += cost.total;
      if (truncated) s.truncations++;
    }
    for (const hook of this.afterCall) {
      try {
        hook(record, status, cost);
      } catch (failure) {
        reportInternalError('afterCall', failure);
      }
    }
    this.pipeline.enqueue(buildCallEvent(record, status, error, cost, timestamp, this));
  }

  /** The call's price, or null (unpriced, or too large to be exact: see cost-check.ts), warned once per model. */
  private completeCostOf(record: CallRecord, timestamp: string): Cost | null {
    let cost: Cost | null;
    try {
      cost = this.priceOf(record, timestamp);
    } catch (error) {
      // A broken price entry costs the event its price, never the event itself.
      reportInternalError('pricing', error);
      this.unpricedCalls++;
      return null;
    }
    if (cost && isCompleteCost(cost)) return cost;
    const { provider } = record.spec;
    if (cost) {
      warnOnce(`inexact-cost:${provider}/${record.model}`, `costkit: a ${provider}/${record.model} call's cost is too large to be exact (${cost.totalPicoUsd} pico-USD); its event has cost: null. Check its usage and any price override for that model.`);
      this.unpricedCalls++;
    } else this.noteUnpriced(provider, record.model);
    return null;
  }

  /** The dated snapshot the provider answered with prices first (gpt-4o-2024-05-13 is not gpt-4o's price); the model sent is the fallback. */
  private priceOf(record: CallRecord, timestamp: string): Cost | null {
    const { provider } = record.spec;
    const usage = record.usage!;
    const serviceTier = record.serviceTier;
    const byResponse = record.responseModel ? this.priceBook.price({ provider, model: record.responseModel, usage, timestamp, serviceTier }) : null;
    return byResponse ?? this.priceBook.price({ provider, model: record.model, usage, timestamp, serviceTier });
  }

  private noteUnpriced(provider: string, model: string): void {
    this.unpricedCalls++;
    const key = `${provider}/${model}`;
    if (this.unpriced.has(key)) return;
    this.unpriced.add(key);
    warnOnce(`unpriced:${key}`, `costkit: no price for ${key}; its events have cost: null. Add it with init({ pricing: { overrides: [{ provider: '${provider}', model: '${model}', input, output }] } }).`);
  }

  /** Queues a guard or budget event with the shared envelope filled in (tags {} unless given). */
  emit(event: HookEvent): void {
    const full = { schema: event.schema, id: newId(), timestamp: isoTimestamp(Date.now()), service: this.service, environment: this.environment, tags: {}, ...event } as CostkitEvent;
    this.pipeline.enqueue(full);
  }

  /** @internal A hook's event about one call (HookContext.emit): its tags, provider, model and operation filled in. */
  emitFor(spec: CallSpec, tags: CallContext['tags'], event: HookEvent): void {
    this.emit({ tags, provider: spec.provider, model: spec.model, operation: spec.operation, ...event } as HookEvent);
  }

  stats(): CostkitStats {
    this.finished.drain();
    return {
      ...this.pipeline.stats(),
      calls: this.calls,
      unpricedCalls: this.unpricedCalls,
      unpricedModels: [...this.unpriced],
      internalErrors: internalErrorCount() - this.internalErrorsBefore,
      ...this.budgetCounters,
    };
  }
}

function appPackageName(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' && pkg.name ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

let active: Runtime | undefined;

/** The instance patched methods report to, or undefined when costkit is off. */
export function activeRuntime(): Runtime | undefined {
  return active;
}

export function setActiveRuntime(runtime: Runtime | undefined): void {
  active = runtime;
}

setPendingScopeCharges(() => active?.completeFinished());

function hasOwnLimits(scope: Scope | undefined): boolean {
  for (let s = scope; s; s = s.parent) if (s.limits) return true;
  return false;
}

/**
 * What the guards and admission see of one call. A class, not an object
 * literal with an `emit` closure: one allocation per guarded call, and one
 * shape for every call.
 */
class HookContext implements CallContext {
  readonly spec: CallSpec;
  readonly params: unknown;
  readonly target: unknown;
  readonly requestOptions: unknown;
  readonly adapter: ProviderAdapter;

  constructor(
    private readonly runtime: Runtime,
    request: CallStartRequest,
    readonly tags: CallContext['tags'],
    readonly scope: Scope | undefined,
    readonly edits: RequestEdits,
  ) {
    this.spec = request.spec;
    this.params = request.params;
    this.target = request.target;
    this.requestOptions = request.requestOptions;
    this.adapter = request.adapter;
  }

  emit(event: HookEvent): void {
    this.runtime.emitFor(this.spec, this.tags, event);
  }
}
