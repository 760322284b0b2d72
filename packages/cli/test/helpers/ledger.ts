import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The test's own reading of a ledger, independent of the CLI's DuckDB queries: plain
 * JSON.parse per line and BigInt sums.
 */
export type Event = Record<string, any>;

export function readEvents(...paths: string[]): Event[] {
  const events: Event[] = [];
  for (const path of paths) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const e = JSON.parse(line);
        if (e && typeof e === 'object' && typeof e.schema === 'string') events.push(e);
      } catch {
        /* a bad line: the CLI must skip it too */
      }
    }
  }
  return events;
}

export const calls = (events: Event[]) => events.filter((e) => e.schema === 'costkit.call/1');

export function pico(e: Event): bigint {
  if (!e.cost) return 0n;
  return BigInt(e.cost.totalPicoUsd ?? Math.round(e.cost.total * 1e12));
}

export const sumPico = (events: Event[]) => events.reduce((s, e) => s + pico(e), 0n);

export const usd = (p: bigint) => Number(p) / 1e12;

/** Totals the way the contract defines them, for one group of calls. */
export function totals(group: Event[]) {
  const t = (f: (e: Event) => number) => group.reduce((s, e) => s + f(e), 0);
  return {
    costUsd: usd(sumPico(group)),
    calls: group.length,
    inputTokens: t((e) => e.usage?.inputTokens ?? 0),
    outputTokens: t((e) => e.usage?.outputTokens ?? 0),
    cacheReadTokens: t((e) => e.usage?.cacheReadTokens ?? 0),
    cacheWriteTokens: t((e) => e.usage?.cacheWriteTokens ?? 0),
    reasoningTokens: t((e) => e.usage?.reasoningTokens ?? 0),
    errors: group.filter((e) => e.status === 'error').length,
    retries: t((e) => Math.max((e.attempts ?? 1) - 1, 0)),
    unpricedCalls: group.filter((e) => e.usage && !e.cost).length,
    truncations: group.filter((e) => e.finishReason === 'length' || e.truncated).length,
  };
}

/** Groups calls by a key function, as JSON of the key. */
export function groupBy(events: Event[], key: (e: Event) => Record<string, string | null>): Map<string, Event[]> {
  const groups = new Map<string, Event[]>();
  for (const e of events) {
    const k = JSON.stringify(key(e));
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return groups;
}

export function writeLines(path: string, lines: Array<string | object>): void {
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
}
