import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallEvent, CostkitEvent } from './event.js';
import type { ParsedInitOptions } from './config.js';
import { currentScope, type Scope, type Tags } from './context.js';
import { MissingTagsError } from './errors.js';
import { reportInternalError, warnOnce } from './diagnostics.js';
import { CallRecord, type CallSink, type CallSpec } from './recorder.js';
import { Pipeline, type PipelineStats } from './pipeline/pipeline.js';
import { createExporter } from './exporters/index.js';
import { runCallStartHooks } from './exporters/call-start.js';
import { createPriceBook, type PriceBook } from './pricing/index.js';

/**
 * What a guard sees before a call is sent; it may return new request params,
 * replace `requestOptions` and add `annotations`. It never mutates what the app
 * passed: it copies.
 */
export interface BeforeCallContext {
  spec: CallSpec;
  /** The request as the app passed it (provider-shaped; a string for some Google calls). */
  params: unknown;
  tags: Readonly<Tags>;
  scope: Scope | undefined;
  runtime: Runtime;
  /** The SDK object the method was called on: a Stainless resource (`_client`), a genai Models, a generative-ai model or chat. */
  readonly target: unknown;
  /** The method's second argument (Stainless request options, generative-ai request options); a hook may replace it. */
  requestOptions: unknown;
  /** Fields a hook adds to this call's event (retryGroup, outputCap, …). */
  annotations: Record<string, unknown> | undefined;
}
export type BeforeCallHook = (context: BeforeCallContext) => unknown;
export type AfterCallHook = (record: CallRecord, event: CallEvent) => void;

export interface CostkitStats extends PipelineStats {
  calls: number;
  unpricedCalls: number;
  unpricedModels: string[];
}

/**
 * The running costkit instance made by `init()`: resolved options, the price book
 * and the pipeline. Patched methods look it up per call, so `init()` again
 * reconfigures without re-patching.
 */
export class Runtime implements CallSink {
  readonly service: string;
  readonly environment: string;
  readonly pipeline: Pipeline;
  readonly priceBook: PriceBook;
  readonly beforeCall: BeforeCallHook[] = [];
  readonly afterCall: AfterCallHook[] = [];
  private readonly defaultTags: Readonly<Tags>;
  private readonly unpriced = new Set<string>();
  private calls = 0;
  private unpricedCalls = 0;

  constructor(readonly options: ParsedInitOptions) {
    this.service = options.service ?? appPackageName() ?? 'unknown';
    this.environment = options.environment ?? process.env.NODE_ENV ?? 'development';
    this.defaultTags = Object.freeze({ ...(options.defaultTags ?? {}) });
    this.priceBook = createPriceBook(options.pricing ?? {});
    const exporters = (options.exporters ?? [{ type: 'stdout' as const }]).map(createExporter);
    this.pipeline = new Pipeline(exporters, options.queue ?? {});
  }

  get injectStreamUsage(): boolean {
    return this.options.openai?.injectStreamUsage !== false;
  }

  /**
   * Everything that happens on the caller's path before the request is sent:
   * snapshot the tags, enforce the tagging contract, run the guards. Throws only
   * a CostkitError, on purpose.
   */
  startCall(spec: CallSpec, params: unknown, target?: unknown, requestOptions?: unknown): { record: CallRecord; params: unknown; requestOptions: unknown } {
    const scope = currentScope();
    const sourced = this.readTagSources();
    const tagged = scope !== undefined || sourced !== undefined;
    const tags: Tags = { ...this.defaultTags, ...sourced, ...scope?.tags };
    this.checkRequiredTags(tags);
    let context: BeforeCallContext | undefined;
    if (this.beforeCall.length > 0) {
      context = { spec, params, tags, scope, runtime: this, target, requestOptions, annotations: undefined };
      for (const hook of this.beforeCall) context.params = hook(context) ?? context.params;
    }
    this.calls++;
    if (scope) for (let s: Scope | undefined = scope; s; s = s.parent) s.calls++;
    const record = new CallRecord(this, spec, tags, tagged, scope, this.service, this.environment);
    if (context?.annotations) Object.assign(record.annotations, context.annotations);
    // Exporters that need the caller's context (the OTel bridge's parent span) capture it here.
    runCallStartHooks(record);
    return context ? { record, params: context.params, requestOptions: context.requestOptions } : { record, params, requestOptions };
  }

  private readTagSources(): Tags | undefined {
    const sources = this.options.tagSources;
    if (!sources?.length) return undefined;
    let merged: Tags | undefined;
    for (const source of sources) {
      try {
        const tags = source();
        if (!tags) continue;
        for (const [key, value] of Object.entries(tags)) {
          if (typeof value === 'string') (merged ??= {})[key] = value;
        }
      } catch (error) {
        reportInternalError('tagSources', error);
      }
    }
    return merged;
  }

  private checkRequiredTags(tags: Tags): void {
    const required = this.options.requiredTags;
    if (!required?.length) return;
    const missing = required.filter((key) => !tags[key]);
    if (missing.length === 0) return;
    if (this.options.onMissingTags === 'throw') throw new MissingTagsError(missing);
    for (const key of missing) {
      warnOnce(`missing-tag:${key}`, `costkit: a call was made without the required tag '${key}'; wrap it in withTags({ ${key}: '…' }, fn) or add it to defaultTags`);
    }
  }

  /** A call finished: price it, charge its scopes, queue its event. */
  complete(record: CallRecord, event: CallEvent): void {
    // The dated snapshot the provider answered with prices first (gpt-4o-2024-05-13
    // is not gpt-4o's price); the requested name is the fallback.
    const usage = event.usage;
    const cost = usage
      ? (event.responseModel ? this.priceBook.price({ provider: event.provider, model: event.responseModel, usage, timestamp: event.timestamp, serviceTier: event.serviceTier ?? null }) : null) ??
        this.priceBook.price({ provider: event.provider, model: event.model, usage, timestamp: event.timestamp, serviceTier: event.serviceTier ?? null })
      : null;
    if (usage && !cost) this.noteUnpriced(event.provider, event.model);
    event.cost = cost;
    if (cost) for (let s = record.scope; s; s = s.parent) s.costUsd += cost.total;
    for (const hook of this.afterCall) {
      try {
        hook(record, event);
      } catch (error) {
        reportInternalError('afterCall', error);
      }
    }
    this.pipeline.enqueue(event);
  }

  private noteUnpriced(provider: string, model: string): void {
    this.unpricedCalls++;
    const key = `${provider}/${model}`;
    if (this.unpriced.has(key)) return;
    this.unpriced.add(key);
    warnOnce(`unpriced:${key}`, `costkit: no price for ${key}; its events have cost: null. Add it with init({ pricing: { overrides: [{ provider: '${provider}', model: '${model}', input, output }] } }).`);
  }

  /** Queues a non-call event (guard, budget) with the shared envelope filled in. */
  emit(event: CostkitEvent): void {
    this.pipeline.enqueue(event);
  }

  stats(): CostkitStats {
    return { ...this.pipeline.stats(), calls: this.calls, unpricedCalls: this.unpricedCalls, unpricedModels: [...this.unpriced] };
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
