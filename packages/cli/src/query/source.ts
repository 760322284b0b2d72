import { openLedger, type Ledger, type OpenOptions } from '../ledger/open.js';

/** Event file paths (files, directories, globs), or a ledger already open (to run several queries on one). */
export type LedgerSource = readonly string[] | Ledger;

export async function withLedger<T>(source: LedgerSource, options: OpenOptions, fn: (ledger: Ledger) => Promise<T>): Promise<T> {
  if (!Array.isArray(source)) return fn(source as Ledger);
  const ledger = await openLedger(source as readonly string[], options);
  try {
    return await fn(ledger);
  } finally {
    ledger.close();
  }
}
