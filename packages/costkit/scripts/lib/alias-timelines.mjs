// Provider aliases whose target moves (gemini-pro-latest), from the supplement's
// aliasTimelines: checked here so that prices.json only ever names real book entries.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The timelines as prices.json carries them ({ provider, alias, moves: [{ from, to }] }),
 * after checking each against the finished model list. The alias leaves any model's
 * alias list (a timeline says more than a fixed alias); it may not be a model's own id.
 */
export function buildAliasTimelines(timelines, models, note) {
  const out = [];
  for (const t of timelines ?? []) {
    const where = `supplement aliasTimelines ${t.provider}/${t.alias}`;
    const own = models.filter((m) => m.provider === t.provider);
    if (own.some((m) => m.id === t.alias)) throw new Error(`${where}: '${t.alias}' is a model id in the book, not an alias`);
    for (const m of own) {
      if (!m.aliases.includes(t.alias)) continue;
      m.aliases = m.aliases.filter((a) => a !== t.alias);
      note(`${t.provider}: alias '${t.alias}' left ${m.id}; its timeline prices it`);
    }
    if (!Array.isArray(t.moves) || t.moves.length === 0) throw new Error(`${where}: needs at least one move`);
    if (t.moves[0].from !== null) throw new Error(`${where}: the first move starts at null (the alias's first target)`);
    const moves = t.moves.map((move, i) => {
      if (i > 0 && !(DAY.test(move.from) && move.from > (t.moves[i - 1].from ?? ''))) {
        throw new Error(`${where}: move ${i} needs a YYYY-MM-DD 'from' after ${t.moves[i - 1].from ?? 'the start'}, got ${JSON.stringify(move.from)}`);
      }
      if (move.to !== null && !own.some((m) => m.id === move.to)) throw new Error(`${where}: move ${i} targets '${move.to}', which is not a ${t.provider} model in the book`);
      if (!move.why) throw new Error(`${where}: move ${i} needs a 'why' naming its source`);
      return { from: move.from, to: move.to };
    });
    out.push({ provider: t.provider, alias: t.alias, moves });
  }
  return out.sort((a, b) => a.provider.localeCompare(b.provider) || a.alias.localeCompare(b.alias));
}
