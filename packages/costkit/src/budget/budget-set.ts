import type { Tags } from '../context.js';
import type { Budget } from './policy.js';
import type { StoreLine } from './store.js';

/**
 * The budgets one call matches, with what belongs to the set rather than to
 * the call: the names its events list and the store lines of the current
 * windows. The sets calls match recur (most apps match one or two budgets the
 * same way on every call), so admission looks them up instead of building
 * three arrays per call.
 */
export class BudgetSet {
  /** For the event's `budget.matched`: shared by every call of the set, so frozen. */
  readonly names: readonly string[];
  /** The same, for a call that is also inside a run budget. */
  readonly namesWithRun: readonly string[];
  private lines: readonly StoreLine[] = [];

  constructor(readonly budgets: readonly Budget[]) {
    this.names = Object.freeze(budgets.map((b) => b.name));
    this.namesWithRun = Object.freeze([...this.names, 'run']);
  }

  /**
   * The lines of the windows `nowMs` falls in, in budget order. A new array
   * when any window changed: a reservation keeps the lines of the window it
   * was made in until it settles, so a held array is never rewritten.
   */
  linesAt(nowMs: number): readonly StoreLine[] {
    const { budgets } = this;
    let current = this.lines.length === budgets.length;
    for (let i = 0; current && i < budgets.length; i++) current = budgets[i]!.lineAt(nowMs) === this.lines[i];
    if (current) return this.lines;
    const lines = new Array<StoreLine>(budgets.length);
    for (let i = 0; i < budgets.length; i++) lines[i] = budgets[i]!.lineAt(nowMs);
    return (this.lines = lines);
  }
}

/** Beyond this many budgets a call's set is built for it (a bit per budget names a set). */
const MAX_INDEXED = 30;
/** Bounded: each distinct combination of matched budgets is one entry. */
const MAX_SETS = 512;

/** The sets of `budgets` calls have matched, by which budgets they hold. */
export class BudgetSets {
  private readonly sets = new Map<number, BudgetSet>();

  constructor(private readonly budgets: readonly Budget[]) {}

  /** The set of budgets a call with these tags, provider, model and environment is charged to; undefined when none. */
  match(tags: Readonly<Tags>, provider: string, model: string, environment: string): BudgetSet | undefined {
    const { budgets } = this;
    if (budgets.length > MAX_INDEXED) {
      const matched = budgets.filter((b) => b.matches(tags, provider, model, environment));
      return matched.length > 0 ? new BudgetSet(matched) : undefined;
    }
    let mask = 0;
    for (let i = 0; i < budgets.length; i++) if (budgets[i]!.matches(tags, provider, model, environment)) mask |= 1 << i;
    if (mask === 0) return undefined;
    let set = this.sets.get(mask);
    if (!set) {
      if (this.sets.size >= MAX_SETS) this.sets.clear();
      this.sets.set(mask, (set = new BudgetSet(budgets.filter((_, i) => (mask & (1 << i)) !== 0))));
    }
    return set;
  }
}
