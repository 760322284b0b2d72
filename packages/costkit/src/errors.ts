import { redactSecrets } from './instrument/redact.js';

const BRAND = Symbol.for('costkit.error');

/**
 * Every error costkit throws on purpose. Each carries a stable `code` an app can
 * switch on; messages say what limit or option was hit and how to change it.
 */
export class CostkitError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * `costkit` and `costkit/guard` are separate bundles (ESM and CJS builds
   * too), each with its own copy of these classes: a ScopeLimitExceededError
   * thrown by the instrumented call must still be `instanceof` the class the
   * app imported from `costkit/guard`. A branded error matches by class name.
   */
  static [Symbol.hasInstance]<T>(this: abstract new (...args: any[]) => T, value: unknown): value is T {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
    if (this.name === 'CostkitError') return true;
    for (let proto = Object.getPrototypeOf(value); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      if (proto.constructor?.name === this.name) return true;
    }
    return false;
  }
}

/**
 * `init()` (or another entry point: `source`, e.g. 'httpExporter') was given
 * options it cannot use; the message names the option path.
 */
export class CostkitConfigError extends CostkitError {
  readonly issues: readonly { path: string; message: string }[];
  constructor(issues: readonly { path: string; message: string }[], source = 'costkit.init') {
    super(
      'COSTKIT_CONFIG',
      `${source}: invalid options:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/** A call was made without a tag that `requiredTags` demands and `onMissingTags` is 'throw'. */
export class MissingTagsError extends CostkitError {
  readonly missing: readonly string[];
  constructor(missing: readonly string[]) {
    super(
      'COSTKIT_MISSING_TAGS',
      `costkit: this call has no ${missing.map((k) => `'${k}'`).join(', ')} tag, which init({ requiredTags }) requires. ` +
        `Wrap the call in withTags({ ${missing.map((k) => `${k}: '…'`).join(', ')} }, fn), add it to defaultTags, ` +
        `or set onMissingTags: 'warn'.`,
    );
    this.missing = missing;
  }
}

/** `withRetryCap` gave up: every attempt failed with a retryable error, or the provider asked to wait longer than `maxDelayMs`. */
export class RetryCapExceededError extends CostkitError {
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** The id the attempts' call events share as `retryGroup`. */
  readonly retryGroup: string;
  constructor(attempts: number, retryGroup: string, cause: unknown, reason?: string) {
    super(
      'COSTKIT_RETRY_CAP',
      `costkit: gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} (withRetryCap maxAttempts: ${attempts}${reason ? `; ${reason}` : ''}); ` +
        `the last error: ${summarize(cause)}. Raise maxAttempts (or maxDelayMs) where withRetryCap is called, or handle the error (it is this error's cause).`,
      { cause },
    );
    this.attempts = attempts;
    this.retryGroup = retryGroup;
  }
}

/** A request asked for more output than `init({ guard: { maxTokens: { cap } } })` allows and `onExceed` is 'throw'. */
export class MaxTokensExceededError extends CostkitError {
  readonly requested: number;
  readonly cap: number;
  readonly model: string;
  readonly provider: string;
  /** The request field that asked for it (`max_tokens`, `generationConfig.maxOutputTokens`, …). */
  readonly field: string;
  constructor(details: { provider: string; model: string; field: string; requested: number; cap: number; setAt: string }) {
    super(
      'COSTKIT_MAX_TOKENS',
      `costkit: this ${details.provider} call to ${details.model} asks for ${details.field}: ${details.requested}, above the output cap of ${details.cap} ` +
        `set by ${details.setAt} with onExceed: 'throw'; nothing was sent. Ask for at most ${details.cap} tokens, raise the cap there, or set onExceed: 'clamp'.`,
    );
    this.requested = details.requested;
    this.cap = details.cap;
    this.model = details.model;
    this.provider = details.provider;
    this.field = details.field;
  }
}

/** A `withTags` scope reached its `maxCalls` or `maxCostUsd` limit; the next call was refused before it was sent. */
export class ScopeLimitExceededError extends CostkitError {
  readonly limit: 'maxCalls' | 'maxCostUsd';
  /** The limit's value. */
  readonly value: number;
  /** What the scope had used when the call was refused: calls made, or USD spent. */
  readonly spent: number;
  /** The tags of the scope whose limit was hit (an enclosing scope's limit applies inside nested ones). */
  readonly scopeTags: Readonly<Record<string, string>>;
  /** Where the limit came from: the scope's own `withTags(…, { … })`, or init's `guard.scopeLimits` default. */
  readonly source: 'withTags' | 'init';
  constructor(details: { limit: 'maxCalls' | 'maxCostUsd'; value: number; spent: number; scopeTags: Readonly<Record<string, string>>; source: 'withTags' | 'init' }) {
    const { limit, value, spent, source } = details;
    const scope = `{ ${Object.entries(details.scopeTags).map(([k, v]) => `${k}: '${v}'`).join(', ')} }`;
    const used = limit === 'maxCalls' ? `has made ${spent} call${spent === 1 ? '' : 's'}` : `has spent $${formatUsd(spent)}`;
    const shown = limit === 'maxCalls' ? String(value) : formatUsd(value);
    const setAt =
      source === 'withTags'
        ? `withTags(tags, fn, { ${limit}: ${shown} })`
        : `init({ guard: { scopeLimits: { ${limit}: ${shown} } } }), the default for scopes that set no ${limit} of their own`;
    super(
      'COSTKIT_SCOPE_LIMIT',
      `costkit: call refused before it was sent: the scope ${scope} ${used}, reaching its ${limit} limit of ${limit === 'maxCostUsd' ? '$' : ''}${shown} set by ${setAt}. ` +
        `Raise ${limit} there if this unit of work really needs more, or stop it earlier.`,
    );
    this.limit = limit;
    this.value = value;
    this.spent = spent;
    this.scopeTags = details.scopeTags;
    this.source = source;
  }
}

/** Dollars for a message: cents from $1 up, three significant digits below, never exponent notation. */
function formatUsd(usd: number): string {
  if (usd >= 1) return usd.toFixed(2);
  if (!(usd > 0)) return '0';
  const rounded = Number(usd.toPrecision(3));
  return rounded.toFixed(Math.min(20, 2 - Math.floor(Math.log10(rounded)))).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * The cause, for a message costkit writes: redacted as events are, because
 * providers echo (partly masked) keys in their errors and apps log
 * `err.message`. The cause itself is the app's, unchanged, on `err.cause`.
 */
function summarize(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    const message = redactSecrets(error.message);
    return `${error.name}${typeof status === 'number' ? ` (${status})` : ''}: ${message.length > 200 ? `${message.slice(0, 200)}…` : message}`;
  }
  return redactSecrets(String(error));
}

/** What a BudgetExceededError reports about the budget that refused the call. */
export interface BudgetExceededDetails {
  /** The budget's name, or 'run' for a `withBudget` run budget. */
  budget: string;
  window: { start: string; end: string };
  spentUsd: number;
  reservedUsd: number;
  limitUsd: number;
  /** What this call would have reserved (its worst-case cost), USD. */
  estimatedUsd: number;
  /** 'limit': the call does not fit; 'store-unavailable': the store could not be reached and the budget is `whenStoreDown: 'closed'`. */
  reason: 'limit' | 'store-unavailable';
  provider: string;
  model: string;
  /** Run budgets: the tags of the `withBudget` scope, and its name when given. */
  scopeTags?: Readonly<Record<string, string>>;
  runName?: string;
}

/** A budget refused a call before it was sent (contract section 6.1). */
export class BudgetExceededError extends CostkitError {
  readonly budget: string;
  readonly window: { start: string; end: string };
  readonly spentUsd: number;
  readonly reservedUsd: number;
  readonly limitUsd: number;
  readonly estimatedUsd: number;
  readonly reason: 'limit' | 'store-unavailable';
  readonly provider: string;
  readonly model: string;
  readonly scopeTags: Readonly<Record<string, string>> | undefined;
  readonly runName: string | undefined;
  constructor(details: BudgetExceededDetails) {
    super('COSTKIT_BUDGET_EXCEEDED', budgetMessage(details));
    this.budget = details.budget;
    this.window = details.window;
    this.spentUsd = details.spentUsd;
    this.reservedUsd = details.reservedUsd;
    this.limitUsd = details.limitUsd;
    this.estimatedUsd = details.estimatedUsd;
    this.reason = details.reason;
    this.provider = details.provider;
    this.model = details.model;
    this.scopeTags = details.scopeTags;
    this.runName = details.runName;
  }
}

function budgetMessage(d: BudgetExceededDetails): string {
  const call = `this ${d.provider} call to ${d.model}`;
  if (d.budget === 'run') {
    const scope = `{ ${Object.entries(d.scopeTags ?? {}).map(([k, v]) => `${k}: '${v}'`).join(', ')} }`;
    const run = d.runName ? `the run '${d.runName}'` : 'the run';
    return (
      `costkit: call refused before it was sent: ${run} (withBudget({ limitUsd: ${d.limitUsd} }) in the scope ${scope}) has spent $${formatUsd(d.spentUsd)} ` +
      `and holds $${formatUsd(d.reservedUsd)} for calls in flight; ${call} may cost up to $${formatUsd(d.estimatedUsd)}. ` +
      `Raise limitUsd where withBudget is called, pass clampToRemaining: true, or end the run.`
    );
  }
  if (d.reason === 'store-unavailable') {
    return (
      `costkit: call refused before it was sent: the budget store could not be reached in time and budget '${d.budget}' is whenStoreDown: 'closed'. ` +
      `Check the store (costkit.stats().budgetStoreErrors counts the failures), or set whenStoreDown: 'open' to let calls through while it is down.`
    );
  }
  return (
    `costkit: call refused before it was sent: budget '${d.budget}' (window ${d.window.start} to ${d.window.end}) has spent $${formatUsd(d.spentUsd)} ` +
    `and holds $${formatUsd(d.reservedUsd)} for calls in flight of its $${formatUsd(d.limitUsd)} limit; ${call} may cost up to $${formatUsd(d.estimatedUsd)}. ` +
    `Raise limitUsd, set onExceed: 'degrade' with degradeTo or clampToRemaining: true, or wait for the next window (${d.window.end}).`
  );
}
