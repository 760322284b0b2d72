import { formatUsd, picoToUsd } from '../formats/money.js';

/** The ledger's side of one reconciliation line (one UTC day, provider and model family). */
export interface LedgerSide {
  calls: number;
  /** Recorded cost of every call. */
  pico: bigint;
  /** Calls with usage but no price, and the tokens they used. */
  unpricedCalls: number;
  unpricedTokens: bigint;
  /** Their cost at today's price book, when it has a price for them now. */
  unpricedEstimatePico: bigint | null;
  /** Recorded cost of the priced calls, and the same usage at today's price book (null when it cannot say). */
  pricedPico: bigint;
  pricedTokens: bigint;
  repricedPico: bigint | null;
  priceRefs: Set<string>;
  /** Recorded cost in batch / priority / flex tiers, and in long-context tiers. */
  tierPico: bigint;
  longContextPico: bigint;
  webSearchPico: bigint;
}

/** The invoice's side of one line. */
export interface InvoiceSide {
  pico: bigint;
  toolPico: bigint;
  tierPico: bigint;
  longContextPico: bigint;
  /** The export bills tool fees on lines of their own (every format but the plain CSV). */
  reportsTools: boolean;
  /** The export says which lines are batch / priority (Anthropic), and which are long-context. */
  reportsTier: boolean;
  reportsContext: boolean;
  descriptions: Set<string>;
}

export interface Cause {
  cause: 'uninstrumented-spend' | 'no-events-that-day' | 'not-on-invoice' | 'tool-fees' | 'service-tier' | 'long-context' | 'unpriced-models' | 'price-change';
  explainedUsd: number;
  /** Share of this line's variance the cause accounts for, percent. */
  sharePct: number | null;
  detail: string;
}

export interface CauseContext {
  date: string;
  provider: string;
  model: string;
  /** The provider has ledger events on this day / in the month; the model family has events in the month. */
  providerHasEventsThatDay: boolean;
  providerHasEventsInMonth: boolean;
  modelHasEventsInMonth: boolean;
  /** Days inside the month on which the price book changes this model's price. */
  priceChangeDates: string[];
}

type Found = { cause: Cause['cause']; pico: bigint; detail: string };

/**
 * Names the likely causes of one line's variance (invoice - ledger), most certain
 * first, each with the amount it explains; whatever is left is unexplained.
 */
export function explainLine(ledger: LedgerSide | undefined, invoice: InvoiceSide | undefined, ctx: CauseContext): { causes: Cause[]; unexplainedPico: bigint } {
  const variance = (invoice?.pico ?? 0n) - (ledger?.pico ?? 0n);
  const found: Found[] = [];
  if (invoice && (!ledger || ledger.calls === 0)) {
    if (ctx.model === '(tool fees)') {
      found.push({ cause: 'tool-fees', pico: variance, detail: `tool fees the invoice bills apart from any model (${[...invoice.descriptions].join(', ')}): costkit records only the web searches providers report per call` });
    } else if (!ctx.providerHasEventsThatDay && ctx.providerHasEventsInMonth) {
      found.push({ cause: 'no-events-that-day', pico: variance, detail: `no costkit events for ${ctx.provider} on ${ctx.date} though there are on other days: a gap in collection (replay dead-letter files: costkit replay) or the app ran uninstrumented that day` });
    } else {
      const what = ctx.model === '(no model)' ? `spend with no model (${[...invoice.descriptions].join(', ')})` : `${ctx.model}`;
      const when = ctx.modelHasEventsInMonth ? 'on this day' : 'this month';
      found.push({ cause: 'uninstrumented-spend', pico: variance, detail: `the invoice bills ${what} but no instrumented process made such calls ${when}: another service or API key, the console, batch jobs` });
    }
  } else if (ledger && !invoice) {
    found.push({ cause: 'not-on-invoice', pico: variance, detail: 'costkit recorded spend the invoice does not show: another organization or project, free credits, or an invoice that is not final yet' });
  } else if (ledger && invoice) {
    const tool = invoice.reportsTools ? invoice.toolPico - ledger.webSearchPico : 0n;
    if (tool !== 0n) found.push({ cause: 'tool-fees', pico: tool, detail: `tool fees (web search, code execution): ${formatUsd(picoToUsd(invoice.toolPico))} on the invoice, ${formatUsd(picoToUsd(ledger.webSearchPico))} recorded` });
    const tier = invoice.reportsTier ? invoice.tierPico - ledger.tierPico : 0n;
    if (tier !== 0n) found.push({ cause: 'service-tier', pico: tier, detail: `batch / priority tier: ${formatUsd(picoToUsd(invoice.tierPico))} on the invoice, ${formatUsd(picoToUsd(ledger.tierPico))} recorded (batch jobs are not instrumented calls)` });
    const context = invoice.reportsContext ? invoice.longContextPico - ledger.longContextPico : 0n;
    if (context !== 0n) found.push({ cause: 'long-context', pico: context, detail: `long-context tier (prompts over the threshold): ${formatUsd(picoToUsd(invoice.longContextPico))} on the invoice, ${formatUsd(picoToUsd(ledger.longContextPico))} recorded` });
    if (ledger.unpricedCalls > 0) {
      const estimate = ledger.unpricedEstimatePico ?? (ledger.pricedTokens > 0n ? (ledger.pricedPico * ledger.unpricedTokens) / ledger.pricedTokens : null);
      const remaining = variance - found.reduce((s, f) => s + f.pico, 0n);
      found.push({
        cause: 'unpriced-models',
        pico: estimate ?? remaining,
        detail: `${ledger.unpricedCalls} calls costkit could not price (cost: null) used ${ledger.unpricedTokens} tokens${estimate !== null ? `, about ${formatUsd(picoToUsd(estimate))}` : ''}: add their prices with pricing.overrides, then costkit reprice`,
      });
    }
    if (ledger.repricedPico !== null && ledger.repricedPico !== ledger.pricedPico) {
      const changes = ctx.priceChangeDates.length ? `; the price book changes this model's price on ${ctx.priceChangeDates.join(', ')}` : '';
      found.push({
        cause: 'price-change',
        pico: ledger.repricedPico - ledger.pricedPico,
        detail: `the events were priced at ${[...ledger.priceRefs].join(', ') || 'another price'} but today's price book gives ${formatUsd(picoToUsd(ledger.repricedPico))} for the same usage${changes}`,
      });
    }
  }
  return settle(found, variance);
}

/**
 * Each cause keeps its own signed amount: one can push the variance up while another
 * pulls it down (a missing tier fee and stale prices), and what they leave is the
 * unexplained rest, so causes and rest always add up to the variance.
 */
function settle(found: Found[], variance: bigint): { causes: Cause[]; unexplainedPico: bigint } {
  const causes: Cause[] = [];
  let left = variance;
  for (const f of found) {
    if (f.pico === 0n) continue;
    left -= f.pico;
    causes.push({ cause: f.cause, explainedUsd: picoToUsd(f.pico), sharePct: variance === 0n ? null : Number((f.pico * 1_000_000n) / variance) / 10_000, detail: f.detail });
  }
  return { causes, unexplainedPico: left };
}
