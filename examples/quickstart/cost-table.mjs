/** Sums call events by team and feature: the first table a FinOps review asks for. */
export function costTable(events) {
  const rows = new Map();
  for (const event of events) {
    if (event.schema !== 'costkit.call/1') continue;
    const key = `${event.tags.team ?? '(none)'}\u0000${event.tags.feature ?? '(none)'}`;
    const row = rows.get(key) ?? { team: event.tags.team ?? '(none)', feature: event.tags.feature ?? '(none)', calls: 0, inputTokens: 0, outputTokens: 0, nanoUsd: 0n, unpriced: 0 };
    row.calls++;
    row.inputTokens += event.usage?.inputTokens ?? 0;
    row.outputTokens += event.usage?.outputTokens ?? 0;
    // Sum in integer nano-dollars so the table has no float drift.
    if (event.cost) row.nanoUsd += BigInt(Math.round(event.cost.total * 1e9));
    else row.unpriced++;
    rows.set(key, row);
  }
  return [...rows.values()]
    .sort((a, b) => (b.nanoUsd > a.nanoUsd ? 1 : b.nanoUsd < a.nanoUsd ? -1 : 0))
    .map(({ nanoUsd, ...row }) => ({ ...row, costUsd: (Number(nanoUsd) / 1e9).toFixed(6) }));
}
