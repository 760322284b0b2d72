import { byPrecedence, layer, type CompiledOverride } from './overrides.js';
import { compileServiceTier, compileStandard, type Variant } from './rates.js';
import type { BookModel, BookPeriod, ServiceTierSpec } from './snapshot.js';

// A model's plan: its price over time, cut into segments wherever a book period or an
// override starts, each compiled once.

export interface Segment {
  fromMs: number;
  /** fromMs as toISOString() ('' for the open start): canonical UTC timestamps compare as strings. */
  fromIso: string;
  standard: Variant | null;
  /** Service-tier variant, built on first use; null: no such tier, bill as standard. */
  tierVariant(tier: string): Variant | null;
}
export type Plan = Segment[];

export interface PlanContext {
  stem: string;
  book: BookModel | undefined;
  matching: CompiledOverride[];
  serviceTiers: Record<string, ServiceTierSpec> | undefined;
}

function isoOf(fromMs: number): string {
  return fromMs === Number.NEGATIVE_INFINITY ? '' : new Date(fromMs).toISOString();
}

export function buildPlan({ stem, book, matching, serviceTiers }: PlanContext): Plan {
  const starts = new Set<number>([Number.NEGATIVE_INFINITY]);
  for (const p of book?.periods ?? []) starts.add(p.fromMs);
  for (const o of matching) starts.add(o.fromMs);
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((fromMs) => {
    let period: BookPeriod | undefined;
    for (const p of book?.periods ?? []) if (p.fromMs <= fromMs) period = p;
    const active = matching.filter((o) => o.fromMs <= fromMs).sort(byPrecedence);
    const lines = layer(period?.prices, active);
    const standard = compileStandard(stem, period, lines, active.length > 0, book !== undefined);
    const tiers = new Map<string, Variant | null>();
    return {
      fromMs,
      fromIso: isoOf(fromMs),
      standard,
      tierVariant(tier) {
        let variant = tiers.get(tier);
        if (variant === undefined) {
          // Own keys only: the tier string comes from a provider response.
          const spec = serviceTiers && Object.hasOwn(serviceTiers, tier) ? serviceTiers[tier] : undefined;
          variant = spec && standard ? compileServiceTier(tier, spec, standard, lines) : null;
          tiers.set(tier, variant);
        }
        return variant;
      },
    };
  });
}

/** The segment a call that started at `timestamp` falls in. */
export function segmentAt(plan: Plan, timestamp: string): Segment | undefined {
  if (plan.length === 1) return plan[0];
  // The recorder's timestamps are toISOString(): compare as strings, skipping Date.parse.
  if (timestamp.length === 24 && timestamp.charCodeAt(23) === 90 /* Z */ && timestamp.charCodeAt(10) === 84 /* T */) {
    for (let i = plan.length - 1; i >= 0; i--) if (plan[i]!.fromIso <= timestamp) return plan[i];
    return undefined;
  }
  const at = Date.parse(timestamp);
  // An unreadable timestamp gets today's price.
  if (Number.isNaN(at)) return plan[plan.length - 1];
  for (let i = plan.length - 1; i >= 0; i--) if (plan[i]!.fromMs <= at) return plan[i];
  return undefined;
}

/** A segment with no price: what a call then cost is not known. */
function unpricedFrom(fromMs: number): Segment {
  return { fromMs, fromIso: isoOf(fromMs), standard: null, tierVariant: () => null };
}

/**
 * One plan out of several, each in force from its `fromMs` until the next one's: an
 * alias's plan is its targets' plans, cut at each move. An empty plan is unpriced.
 */
export function stitchPlans(pieces: ReadonlyArray<{ fromMs: number; plan: Plan }>): Plan {
  const stitched: Segment[] = [];
  pieces.forEach((piece, i) => {
    const end = pieces[i + 1]?.fromMs ?? Number.POSITIVE_INFINITY;
    if (piece.plan.length === 0) {
      stitched.push(unpricedFrom(piece.fromMs));
      return;
    }
    piece.plan.forEach((segment, j) => {
      const segmentEnd = piece.plan[j + 1]?.fromMs ?? Number.POSITIVE_INFINITY;
      if (segmentEnd <= piece.fromMs || segment.fromMs >= end) return;
      const fromMs = Math.max(segment.fromMs, piece.fromMs);
      stitched.push(fromMs === segment.fromMs ? segment : { ...segment, fromMs, fromIso: isoOf(fromMs) });
    });
  });
  return stitched;
}
