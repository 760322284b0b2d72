/** Sums call events by team and feature: the first table a FinOps review asks for. */
export function costTable(events) {
  const rows = new Map();
  for (const event of events) {
    if (event.schema !== 'costkit.call/1') continue;
    const key = `${event.tags.team ?? '(none)'}\u0000${event.tags.feature ?? '(none)'}`;
    const row = rows.get(key) ?? { team: event.tags.team ?? '(none)', feature: event.tags.feature ?? '(none)', calls: 0, inputTokens: 0, outputTokens: 0, picoUsd: 0n, unpriced: 0 };
    row.calls++;
    row.inputTokens += event.usage?.inputTokens ?? 0;
    row.outputTokens += event.usage?.outputTokens ?? 0;
    // Sum the exact integer amounts (pico-USD), so the table has no float drift.
    if (event.cost) row.picoUsd += BigInt(event.cost.totalPicoUsd);
    else row.unpriced++;
    rows.set(key, row);
  }
  return [...rows.values()]
    .sort((a, b) => (b.picoUsd > a.picoUsd ? 1 : b.picoUsd < a.picoUsd ? -1 : 0))
    .map(({ picoUsd, ...row }) => ({ ...row, costUsd: formatPico(picoUsd) }));
}

/** pico-USD (1e-12) as a decimal dollar string, exactly. */
export function formatPico(pico) {
  const whole = pico / 1_000_000_000_000n;
  const frac = (pico % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return `${whole}.${frac || '0'}`;
}
