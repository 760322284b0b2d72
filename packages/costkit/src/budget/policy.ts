import type { Tags } from '../context.js';
import { globMap, globMatcher, type Matcher } from './glob.js';
import type { ParsedBudgetOptions } from './options-schema.js';
import { usdToNanos, type LineState, type StoreLine } from './store.js';
import { windowAt, type WindowSlot, type WindowSpec } from './window.js';

const SPECIAL_KEYS = new Set(['provider', 'model', 'environment']);

/** One `init({ budgets })` entry, ready for the call path: matchers compiled, the current window cached. */
export class Budget {
  readonly name: string;
  readonly window: WindowSpec;
  readonly limitUsd: number;
  readonly limitNanos: number;
  /** Ascending fractions of the limit. */
  readonly warnAt: readonly number[];
  readonly onExceed: 'throw' | 'degrade' | 'warn';
  readonly clampToRemaining: boolean;
  readonly whenStoreDown: 'open' | 'closed';
  /** The literal tags of `match` (no globs): the owner, on budget-wide events. */
  readonly ownerTags: Readonly<Tags>;
  readonly degradeTo: ((model: string) => string | undefined) | undefined;
  /** The last state a store reported for the current window (for events that do not read the store). */
  last: LineState = { spentNanos: 0, reservedNanos: 0 };
  private readonly tagMatchers: Array<[key: string, match: Matcher]> = [];
  private readonly provider: Matcher | undefined;
  private readonly model: Matcher | undefined;
  private readonly environment: Matcher | undefined;
  private slot: WindowSlot | undefined;
  private line: StoreLine | undefined;

  constructor(options: ParsedBudgetOptions) {
    this.name = options.name;
    this.window = options.window;
    this.limitUsd = options.limitUsd;
    this.limitNanos = usdToNanos(options.limitUsd);
    this.warnAt = [...new Set(options.warnAt ?? [])].sort((a, b) => a - b);
    this.onExceed = options.onExceed ?? 'throw';
    this.clampToRemaining = options.clampToRemaining ?? false;
    this.whenStoreDown = options.whenStoreDown ?? 'open';
    this.degradeTo = options.degradeTo ? globMap(options.degradeTo) : undefined;
    const owner: Tags = {};
    for (const [key, pattern] of Object.entries(options.match ?? {})) {
      const matcher = globMatcher(pattern);
      if (key === 'provider') this.provider = matcher;
      else if (key === 'model') this.model = matcher;
      else if (key === 'environment') this.environment = matcher;
      else this.tagMatchers.push([key, matcher]);
      if (!SPECIAL_KEYS.has(key) && !pattern.includes('*')) owner[key] = pattern;
    }
    this.ownerTags = Object.freeze(owner);
  }

  /** Whether a call is charged to this budget: its tags, provider, model (as the app asked) and environment. */
  matches(tags: Readonly<Tags>, provider: string, model: string, environment: string): boolean {
    if (this.provider && !this.provider(provider)) return false;
    if (this.model && !this.model(model)) return false;
    if (this.environment && !this.environment(environment)) return false;
    // Indexed, no destructuring: a for-of over tuples runs the iterator protocol per budget per call.
    for (let i = 0; i < this.tagMatchers.length; i++) {
      const matcher = this.tagMatchers[i]!;
      const value = tags[matcher[0]];
      if (value === undefined || !matcher[1](value)) return false;
    }
    return true;
  }

  /** The window `nowMs` falls in (cached until it ends). */
  slotAt(nowMs: number): WindowSlot {
    const slot = this.slot;
    if (slot && nowMs >= slot.startMs && nowMs < slot.validUntilMs) return slot;
    this.line = undefined;
    return (this.slot = windowAt(this.window, nowMs));
  }

  /** The store line of the window `nowMs` falls in. */
  lineAt(nowMs: number): StoreLine {
    const slot = this.slotAt(nowMs);
    return (this.line ??= { key: `${this.name}:${slot.id}`, buckets: slot.buckets, limitNanos: this.limitNanos, expireAtMs: slot.expireAtMs, rearmMs: slot.rearmMs });
  }
}

export function compileBudgets(options: readonly ParsedBudgetOptions[]): Budget[] {
  return options.map((o) => new Budget(o));
}
