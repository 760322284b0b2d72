import type { CallContext } from '../call-hooks.js';
import type { Usage } from '../event.js';
import type { PriceBook } from '../pricing/index.js';
import type { Provider } from '../providers/ids.js';
import type { CallRecord } from '../recorder.js';
import { isoTimestamp } from '../time.js';
import { ModelHistory } from './history.js';
import { maxOutputTokens } from './model-limits.js';
import { promptSize, type PromptSize } from './prompt-size.js';
import { picoToNanos } from './store.js';

/**
 * What a call can cost at most, before it is sent: the prompt's input cost
 * plus the output it can really produce. The output is the request's cap
 * where it (or a guard) sets one, else the 95th percentile of the outputs
 * this process has seen from that model, bounded by the model's maximum; only
 * a model never seen is reserved at its maximum. Priced with the price book
 * that prices the bill (long-context tiers, cache writes, service tiers).
 */
export interface Estimate {
  readonly model: string;
  readonly prompt: PromptSize;
  /** Prompt tokens after calibration. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The output cap the request will carry (undefined: none, or an operation with no output). */
  readonly outputCap: number | undefined;
  /** nano-USD; 0 when the model has no price (then the budget cannot hold the call: see `priced`). */
  readonly nanos: number;
  readonly priced: boolean;
}

/** Samples a model needs before its percentile is trusted over its maximum. */
const MIN_SAMPLES = 20;
const OUTPUT_QUANTILE = 0.95;
/** The prompt rule's error, per model: the ratio reported / estimated at the 90th percentile, within these bounds. */
const INPUT_QUANTILE = 0.9;
const MIN_CALIBRATION = 0.25;
const MAX_CALIBRATION = 4;

export class Estimator {
  private readonly history = new ModelHistory(OUTPUT_QUANTILE, INPUT_QUANTILE);

  constructor(private readonly priceBook: PriceBook) {}

  /** The estimate of `call` sent to `model` with `outputCap` (undefined: the request's own cap, if any). */
  estimate(call: CallContext, model: string, outputCap: number | undefined, prompt?: PromptSize): Estimate {
    const size = prompt ?? promptSize(call.params, call.target);
    const provider = call.spec.provider;
    const seen = this.history.peek(provider, model);
    const ratio = seen && seen.inputRatio.size >= MIN_SAMPLES ? clamp(seen.inputRatio.value(), MIN_CALIBRATION, MAX_CALIBRATION) : 1;
    const inputTokens = Math.ceil(size.tokens * ratio);
    const field = call.adapter.outputCap(call.spec.operation, call.target);
    let cap: number | undefined;
    let outputTokens = 0;
    if (field) {
      cap = outputCap ?? call.edits.outputCap ?? field.read(call).requested ?? field.implicit;
      const max = maxOutputTokens(model);
      if (cap !== undefined) outputTokens = Math.min(cap, max);
      else outputTokens = seen && seen.output.size >= MIN_SAMPLES ? Math.min(Math.ceil(seen.output.value()), max) : max;
      outputTokens *= choices(call.params);
    }
    const pico = this.pico(provider, model, inputTokens, outputTokens, size, serviceTierOf(call.params));
    return { model, prompt: size, inputTokens, outputTokens, outputCap: cap, nanos: pico === null ? 0 : picoToNanos(pico), priced: pico !== null };
  }

  /**
   * The largest output cap that keeps the call within `remainingNanos` (0 when
   * not even the prompt fits). Found from the price of the prompt alone and of
   * one output token, so it follows the same book.
   */
  affordableOutput(call: CallContext, estimate: Estimate, remainingNanos: number): number {
    const { provider } = call.spec;
    const tier = serviceTierOf(call.params);
    const base = this.pico(provider, estimate.model, estimate.inputTokens, 0, estimate.prompt, tier);
    const perToken = this.pico(provider, estimate.model, estimate.inputTokens, 1_000_000, estimate.prompt, tier);
    if (base === null || perToken === null) return 0;
    const perTokenPico = (perToken - base) / 1_000_000;
    const left = remainingNanos * 1000 - base;
    if (left <= 0 || perTokenPico <= 0) return 0;
    return Math.floor(left / perTokenPico / choices(call.params));
  }

  /** A settled call: what it really produced teaches the next estimates for its model. */
  observe(record: CallRecord, estimate: Estimate | undefined): void {
    const usage = record.usage;
    if (!usage || record.spec.operation === 'countTokens') return;
    const seen = this.history.of(record.spec.provider, record.model);
    // A call cut by its cap says nothing about how long answers run; one that ended by itself does.
    if (record.finishReason !== 'length' && usage.outputTokens > 0) seen.output.add(usage.outputTokens);
    if (estimate && estimate.prompt.tokens > 0 && usage.inputTokens > 0) seen.inputRatio.add(usage.inputTokens / estimate.prompt.tokens);
  }

  private pico(provider: Provider, model: string, inputTokens: number, outputTokens: number, prompt: PromptSize, serviceTier: string | undefined): number | null {
    const cacheWrite = prompt.cacheWrite ? inputTokens : 0;
    const usage: Usage = {
      inputTokens,
      outputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: cacheWrite,
      reasoningTokens: 0,
      totalTokens: inputTokens + outputTokens,
    };
    if (prompt.cacheWrite === '1h') usage.cacheWrite1hTokens = cacheWrite;
    return this.priceBook.pricePico({ provider, model, usage, timestamp: isoTimestamp(Date.now()), serviceTier: serviceTier ?? null });
  }
}

/** OpenAI `n`, Gemini `candidateCount`: several answers, each up to the cap. */
function choices(params: unknown): number {
  const p = params as { n?: unknown; config?: { candidateCount?: unknown }; generationConfig?: { candidateCount?: unknown } } | null;
  const n = p?.n ?? p?.config?.candidateCount ?? p?.generationConfig?.candidateCount;
  return typeof n === 'number' && Number.isInteger(n) && n > 1 ? Math.min(n, 128) : 1;
}

function serviceTierOf(params: unknown): string | undefined {
  const tier = (params as { service_tier?: unknown } | null)?.service_tier;
  return typeof tier === 'string' ? tier : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
