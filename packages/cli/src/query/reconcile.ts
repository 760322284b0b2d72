import { createPriceBook, type Provider } from 'costkit';
import { UsageError } from '../errors.js';
import { readInvoice } from '../formats/invoices/detect.js';
import type { InvoiceFormat } from '../formats/invoices/types.js';
import { picoToUsd } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { costLinePico, COST_PICO, UNPRICED_CALL } from '../ledger/schema.js';
import { createRateCard, tierOfPriceRef } from '../pricing/unit-rates.js';
import { explainLine, type Cause } from './reconcile-causes.js';
import { buildLines, type LineKey } from './reconcile-lines.js';
import { big, num, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface ReconcileOptions {
  /** The invoice or cost export: its format is told by its content. */
  invoice: string;
  /** YYYY-MM; default: the one month the invoice covers. */
  month?: string;
  /** Percent of the invoice total; over it the CLI exits 1. Default 2. */
  tolerance?: number;
  onWarning?: Warn;
  progress?: boolean;
}

export interface ReconcileLine {
  date: string;
  provider: string;
  /** The model family (dated ids resolved), '(no model)' for spend without one, '*' when the invoice has no models for the provider. */
  model: string;
  ledgerUsd: number;
  invoiceUsd: number;
  /** invoiceUsd - ledgerUsd. */
  varianceUsd: number;
  /** 100 * variance / invoice; null when the invoice has nothing for the line. */
  variancePct: number | null;
  causes: Cause[];
  unexplainedUsd: number;
}

export interface ReconcileJson {
  month: string;
  invoice: { file: string; format: InvoiceFormat; lines: number; ignoredRows: number };
  lines: ReconcileLine[];
  total: {
    ledgerUsd: number;
    invoiceUsd: number;
    varianceUsd: number;
    variancePct: number | null;
    /** Each cause summed over the lines, with its share of the total variance. */
    causes: Array<{ cause: Cause['cause']; explainedUsd: number; sharePct: number | null }>;
    unexplainedUsd: number;
    tolerancePct: number;
    withinTolerance: boolean;
  };
  skippedLines: number;
}

const pct = (part: bigint, whole: bigint) => (whole === 0n ? null : Number((part * 1_000_000n) / whole) / 10_000);

/** `costkit reconcile`: the ledger against the provider's invoice, per UTC day, provider and model. */
export async function reconcile(source: LedgerSource, options: ReconcileOptions): Promise<ReconcileJson> {
  const invoice = await readInvoice(options.invoice);
  const month = options.month ?? onlyMonth(invoice.lines.map((l) => l.date), options.invoice);
  const from = `${month}-01T00:00:00.000Z`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const to = new Date(Date.UTC(y, m, 1)).toISOString();
  const tolerance = options.tolerance ?? 2;
  const book = createPriceBook();
  const card = createRateCard(book);
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const { table, accounting } = await aggregate(
      ledger,
      {
        dimensions: { day: `strftime("timestamp", '%Y-%m-%d')`, provider: 'provider', model: 'model', serviceTier: 'serviceTier', priceRef: 'cost.priceRef', unpriced: UNPRICED_CALL },
        measures: {
          calls: 'count(*)',
          pico: `coalesce(sum(${COST_PICO}), 0)::HUGEINT`,
          uncached: 'coalesce(sum(usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens), 0)::HUGEINT',
          cacheRead: 'coalesce(sum(usage.cacheReadTokens), 0)::HUGEINT',
          cacheWrite1h: 'coalesce(sum(least(coalesce(usage.cacheWrite1hTokens, 0), usage.cacheWriteTokens)), 0)::HUGEINT',
          cacheWrite: 'coalesce(sum(usage.cacheWriteTokens), 0)::HUGEINT',
          output: 'coalesce(sum(usage.outputTokens), 0)::HUGEINT',
          webSearch: 'coalesce(sum(usage.webSearchRequests), 0)::HUGEINT',
          webSearchPico: `coalesce(sum(${costLinePico('webSearch')}), 0)::HUGEINT`,
        },
        filters: { from, to },
      },
      options.onWarning,
    );
    const rows = await ledger.all(`SELECT * FROM ${table} WHERE _kind = 'call' ORDER BY day, provider, model`);
    const ledgerRows = rows.map((r) => {
      const provider = String(r.provider) as Provider;
      const model = String(r.model);
      const priceRef = text(r.priceRef);
      const serviceTier = text(r.serviceTier);
      const rates = card.rates({ provider, model, serviceTier, timestamp: `${String(r.day)}T00:00:00.000Z`, above: tierOfPriceRef(priceRef) });
      const tokens = { uncached: big(r.uncached), cacheRead: big(r.cacheRead), cacheWrite1h: big(r.cacheWrite1h), cacheWrite5m: big(r.cacheWrite) - big(r.cacheWrite1h), output: big(r.output), webSearch: big(r.webSearch) };
      const todayPico = rates && [rates.input, rates.cacheRead, rates.cacheWrite5m, rates.cacheWrite1h, rates.output].every((x) => x !== null)
        ? tokens.uncached * BigInt(rates.input!) + tokens.cacheRead * BigInt(rates.cacheRead!) + tokens.cacheWrite5m * BigInt(rates.cacheWrite5m!) + tokens.cacheWrite1h * BigInt(rates.cacheWrite1h!) + tokens.output * BigInt(rates.output!) + tokens.webSearch * BigInt(rates.webSearch ?? 0)
        : null;
      return {
        date: String(r.day),
        provider,
        family: book.resolve(provider, model)?.id ?? model.toLowerCase(),
        calls: num(r.calls),
        pico: big(r.pico),
        unpriced: r.unpriced === true,
        tokens: tokens.uncached + tokens.cacheRead + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.output,
        todayPico,
        priceRef,
        tierPico: serviceTier && /batch|priority|flex/i.test(serviceTier) ? big(r.pico) : 0n,
        longContextPico: tierOfPriceRef(priceRef) !== null ? big(r.pico) : 0n,
        webSearchPico: big(r.webSearchPico),
      };
    });
    const monthLines = invoice.lines.filter((l) => l.date.startsWith(month));
    const built = buildLines(ledgerRows, monthLines, (provider, model) => book.resolve(provider, model)?.id ?? model.toLowerCase(), invoice.format !== 'plain-csv');
    const priceChanges = priceChangeDates(card, month);
    const lines: ReconcileLine[] = [];
    const causeTotals = new Map<Cause['cause'], bigint>();
    let ledgerTotal = 0n;
    let invoiceTotal = 0n;
    let unexplainedTotal = 0n;
    for (const [key, sides] of built.lines) {
      const { causes, unexplainedPico } = explainLine(sides.ledger, sides.invoice, {
        date: key.date,
        provider: key.provider,
        model: key.model,
        providerHasEventsThatDay: built.providerDays.has(`${key.provider}|${key.date}`),
        providerHasEventsInMonth: built.providers.has(key.provider),
        modelHasEventsInMonth: built.families.has(`${key.provider}|${key.model}`),
        priceChangeDates: priceChanges(key),
      });
      const ledgerPico = sides.ledger?.pico ?? 0n;
      const invoicePico = sides.invoice?.pico ?? 0n;
      ledgerTotal += ledgerPico;
      invoiceTotal += invoicePico;
      unexplainedTotal += unexplainedPico;
      for (const c of causes) causeTotals.set(c.cause, (causeTotals.get(c.cause) ?? 0n) + BigInt(Math.round(c.explainedUsd * 1e12)));
      lines.push({
        date: key.date,
        provider: key.provider,
        model: key.model,
        ledgerUsd: picoToUsd(ledgerPico),
        invoiceUsd: picoToUsd(invoicePico),
        varianceUsd: picoToUsd(invoicePico - ledgerPico),
        variancePct: pct(invoicePico - ledgerPico, invoicePico),
        causes,
        unexplainedUsd: picoToUsd(unexplainedPico),
      });
    }
    const variance = invoiceTotal - ledgerTotal;
    const variancePct = pct(variance, invoiceTotal);
    return {
      month,
      invoice: { file: options.invoice, format: invoice.format, lines: monthLines.length, ignoredRows: invoice.ignoredRows },
      lines,
      total: {
        ledgerUsd: picoToUsd(ledgerTotal),
        invoiceUsd: picoToUsd(invoiceTotal),
        varianceUsd: picoToUsd(variance),
        variancePct,
        causes: [...causeTotals].map(([cause, pico]) => ({ cause, explainedUsd: picoToUsd(pico), sharePct: pct(pico, variance) })).sort((a, b) => Math.abs(b.explainedUsd) - Math.abs(a.explainedUsd)),
        unexplainedUsd: picoToUsd(unexplainedTotal),
        tolerancePct: tolerance,
        withinTolerance: variancePct === null ? variance === 0n : Math.abs(variancePct) <= tolerance,
      },
      skippedLines: accounting.skippedLines,
    };
  });
}

function onlyMonth(dates: string[], file: string): string {
  const months = [...new Set(dates.map((d) => d.slice(0, 7)))].sort();
  if (months.length === 1) return months[0]!;
  throw new UsageError(`--invoice ${file} covers ${months.length ? months.join(', ') : 'no days'}: say which month to reconcile with --month YYYY-MM`);
}

/** Days of the month on which the bundled book's price for a model changes. */
function priceChangeDates(card: ReturnType<typeof createRateCard>, month: string): (key: LineKey) => string[] {
  const cache = new Map<string, string[]>();
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return (key) => {
    const id = `${key.provider}|${key.model}`;
    let dates = cache.get(id);
    if (!dates) {
      dates = [];
      let previous: string | undefined;
      for (let d = 1; d <= days; d++) {
        const day = `${month}-${String(d).padStart(2, '0')}`;
        const r = card.rates({ provider: key.provider as Provider, model: key.model, timestamp: `${day}T00:00:00.000Z`, above: null });
        const signature = r ? `${r.input}/${r.output}/${r.cacheRead}` : 'none';
        if (previous !== undefined && signature !== previous) dates.push(day);
        previous = signature;
      }
      cache.set(id, dates);
    }
    return dates;
  };
}
