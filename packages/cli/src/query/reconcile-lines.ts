import type { Provider } from 'costkit';
import type { InvoiceLine } from '../formats/invoices/types.js';
import type { InvoiceSide, LedgerSide } from './reconcile-causes.js';

/** One aggregated ledger row: a day, provider, model family, service tier and price. */
export interface LedgerRow {
  date: string;
  provider: Provider;
  family: string;
  calls: number;
  pico: bigint;
  unpriced: boolean;
  tokens: bigint;
  /** The same usage at today's price book; null when it has no price. */
  todayPico: bigint | null;
  priceRef: string | null;
  tierPico: bigint;
  longContextPico: bigint;
  webSearchPico: bigint;
}

export interface LineKey {
  date: string;
  provider: string;
  model: string;
}

export const NO_MODEL = '(no model)';
export const TOOL_FEES = '(tool fees)';
/** The model of every line of a provider whose invoice names no models: matched per day only. */
export const ANY_MODEL = '*';

/**
 * Joins the two sides on (UTC day, provider, model family). Where the invoice names
 * no model for a provider at all (a costs export not grouped by line item), that
 * provider is matched per day; model-less tool fees get a line of their own, and so
 * does the ledger's web-search cost beside them.
 */
export function buildLines(ledgerRows: readonly LedgerRow[], invoiceLines: readonly InvoiceLine[], familyOf: (provider: Provider, model: string) => string, reportsTools: boolean) {
  const anyModel = new Set<string>();
  const byProvider = new Map<string, InvoiceLine[]>();
  for (const l of invoiceLines) byProvider.set(l.provider, [...(byProvider.get(l.provider) ?? []), l]);
  for (const [provider, ls] of byProvider) if (ls.every((l) => l.model === null)) anyModel.add(provider);
  const separateTools = new Set(invoiceLines.filter((l) => l.model === null && l.kind === 'tool' && !anyModel.has(l.provider)).map((l) => l.provider));

  const lines = new Map<string, { key: LineKey; ledger?: LedgerSide; invoice?: InvoiceSide }>();
  const slot = (date: string, provider: string, model: string) => {
    const id = `${date}|${provider}|${model}`;
    let entry = lines.get(id);
    if (!entry) lines.set(id, (entry = { key: { date, provider, model } }));
    return entry;
  };
  const providerDays = new Set<string>();
  const providers = new Set<string>();
  const families = new Set<string>();

  for (const row of ledgerRows) {
    const model = anyModel.has(row.provider) ? ANY_MODEL : row.family;
    if (row.calls > 0) {
      providerDays.add(`${row.provider}|${row.date}`);
      providers.add(row.provider);
      families.add(`${row.provider}|${model}`);
    }
    const toolPico = separateTools.has(row.provider) ? row.webSearchPico : 0n;
    const side = (slot(row.date, row.provider, model).ledger ??= emptyLedger());
    side.calls += row.calls;
    side.pico += row.pico - toolPico;
    side.webSearchPico += row.webSearchPico - toolPico;
    side.tierPico += row.tierPico;
    side.longContextPico += row.longContextPico;
    if (row.unpriced) {
      side.unpricedCalls += row.calls;
      side.unpricedTokens += row.tokens;
      if (row.todayPico !== null) side.unpricedEstimatePico = (side.unpricedEstimatePico ?? 0n) + row.todayPico;
    } else {
      side.pricedPico += row.pico - toolPico;
      side.pricedTokens += row.tokens;
      if (row.priceRef) side.priceRefs.add(row.priceRef);
      side.repricedPico = side.repricedPico === null || row.todayPico === null ? null : side.repricedPico + row.todayPico - toolPico;
    }
    if (toolPico > 0n) {
      const tools = (slot(row.date, row.provider, TOOL_FEES).ledger ??= emptyLedger());
      tools.calls += row.calls;
      tools.pico += toolPico;
      tools.webSearchPico += toolPico;
      tools.pricedPico += toolPico;
    }
  }

  for (const l of invoiceLines) {
    const model = anyModel.has(l.provider) ? ANY_MODEL : l.model !== null ? familyOf(l.provider, l.model) : l.kind === 'tool' ? TOOL_FEES : NO_MODEL;
    const side = (slot(l.date, l.provider, model).invoice ??= emptyInvoice(reportsTools));
    side.pico += l.costPico;
    if (l.kind === 'tool') side.toolPico += l.costPico;
    if (l.serviceTier !== null) side.reportsTier = true;
    if (l.serviceTier && l.serviceTier !== 'standard') side.tierPico += l.costPico;
    if (l.longContext !== null) side.reportsContext = true;
    if (l.longContext) side.longContextPico += l.costPico;
    side.descriptions.add(l.description);
  }

  const sorted = new Map([...lines.values()].sort((a, b) => compare(a.key, b.key)).map((e) => [e.key, e] as const));
  return { lines: sorted, providerDays, providers, families };
}

function compare(a: LineKey, b: LineKey): number {
  return a.date.localeCompare(b.date) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model);
}

function emptyLedger(): LedgerSide {
  return { calls: 0, pico: 0n, unpricedCalls: 0, unpricedTokens: 0n, unpricedEstimatePico: null, pricedPico: 0n, pricedTokens: 0n, repricedPico: 0n, priceRefs: new Set(), tierPico: 0n, longContextPico: 0n, webSearchPico: 0n };
}

function emptyInvoice(reportsTools: boolean): InvoiceSide {
  return { pico: 0n, toolPico: 0n, tierPico: 0n, longContextPico: 0n, reportsTools, reportsTier: false, reportsContext: false, descriptions: new Set() };
}
