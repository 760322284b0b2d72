// Promotional prices the provider guarantees only until a date, with nothing published
// for after it: the book keeps the price (it is the last one published) and every run
// past the date asks for a re-check, so a lapsed promotion cannot go unnoticed.

/** One line per promotion whose guarantee has passed by `today` (YYYY-MM-DD). */
export function promotionReviews(promotions, models, today) {
  const reviews = [];
  for (const p of promotions ?? []) {
    const model = models.find((m) => m.provider === p.provider && m.id === p.id);
    const period = model?.prices.find((price) => price.from === p.from);
    if (!period) throw new Error(`supplement promotion ${p.provider}/${p.id}@${p.from}: the book has no such price period any more; update or remove the entry`);
    if (today > p.guaranteedThrough) {
      reviews.push(`${p.provider}/${p.id}: the promotional price from ${p.from} was guaranteed only through ${p.guaranteedThrough}; re-check the provider's pricing page and add the next period to the supplement`);
    }
  }
  return reviews;
}
