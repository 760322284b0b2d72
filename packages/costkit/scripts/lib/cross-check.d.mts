// Types for cross-check.mjs, so the TypeScript tests can call it.
import type { PriceBook } from '../../src/pricing/types.js';

export interface CrossCheckRow {
  key: string;
  provider: string;
  model: string;
  resolvesTo: string | null;
}
export interface CrossCheckReport {
  at: string;
  compared: number;
  agree: CrossCheckRow[];
  differences: Array<CrossCheckRow & { lines: Array<{ line: string; costkit: number | null; source: number }> }>;
  onlySource: CrossCheckRow[];
  onlyCostkit: string[];
}
export function crossCheck(options: {
  book: PriceBook;
  snapshot: { models: Array<{ provider: string; id: string }>; aliasTimelines?: Array<{ provider: string; alias: string }> };
  source: Record<string, unknown>;
  at: string;
  threshold?: number;
}): CrossCheckReport;
export function formatReport(report: CrossCheckReport, sourceName: string): string;
