import type { Usage } from '../event.js';
import type { Provider } from './ids.js';

/**
 * What costkit knows about one provider, in one object exported by
 * `providers/<id>/index.ts`: the SDKs it patches, where each operation keeps
 * its output cap, how to read the SDK's own retries, and how its usage reads.
 * Guards and budgets ask the adapter; they know no request shapes themselves.
 */
export interface ProviderAdapter {
  readonly id: Provider;
  /** The npm packages this provider is reached through. */
  readonly sdks: readonly SdkPatch[];
  /** The output-cap field of an operation's request, or undefined for operations with no output (embeddings, countTokens). */
  outputCap(operation: string, target: unknown): OutputCapField | undefined;
  /** The retries the SDK will make for this call, or undefined when it makes none (or does not retry at all). */
  retries(call: SdkCall): SdkRetries | undefined;
  /** The provider's usage block in costkit's terms (contract section 3); pure. */
  usage(raw: unknown): Usage | null;
}

/** One SDK package and how it is patched. */
export interface SdkPatch {
  readonly packageName: string;
  /**
   * The versions this patch is written and tested for (a semver range, as
   * OpenTelemetry contrib instrumentations declare them). Another version is
   * still patched where its shape is recognised (every method is
   * feature-detected), with a warning once.
   */
  readonly versions: string;
  /** Patches a loaded module (CJS exports or ESM namespace); returns how many methods were wrapped. */
  patchModule(mod: unknown): number;
  /** True when `client` is an instance of this SDK (for `instrument(client)`). */
  owns(client: object): boolean;
  patchClient(client: object): number;
}

/** A provider call as the patched method received it. */
export interface SdkCall {
  /** The request as the app passed it (never mutated). */
  readonly params: unknown;
  /** The SDK object the method was called on. */
  readonly target: unknown;
  /** The method's second argument (request options), if any. */
  readonly requestOptions: unknown;
}

/** Where a request keeps its output-token cap. */
export interface OutputCapField {
  /** The cap the request asks for (`undefined`: none), and the field it is in (for messages). */
  read(call: SdkCall): { requested: number | undefined; field: string };
  /** A cap the API applies itself when the request sets none (legacy completions: 16): no default is added. */
  readonly implicit?: number;
}

/** The SDK's own retry budget for one call. */
export interface SdkRetries {
  /** Retries after the first attempt. */
  readonly requested: number;
  /** Where that number comes from, for messages (`client maxRetries`, …). */
  readonly where: string;
  /** What the setting belongs to (a client): reports are made once per owner and value. */
  readonly owner: object;
}

/**
 * What costkit changes in a request before it is sent. Decided by the
 * adapter (stream usage), the guards (output cap, retries) and budgets
 * (output cap, model); applied by the SDK's patch, which knows where each
 * lives in its request.
 */
export interface RequestEdits {
  /** The output cap to send. */
  outputCap?: number;
  /** The model to send instead of the app's. */
  model?: string;
  /** The SDK's own retries, capped. */
  maxRetries?: number;
  /** Ask the provider to report usage on the stream (OpenAI chat and completion streams). */
  streamUsage?: boolean;
}
