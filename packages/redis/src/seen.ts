/**
 * The highest spend this process has seen in each spend bucket, passed to
 * every reservation as a floor. Within a window spend only grows, so a bucket
 * Redis reports lower (a restart from an older snapshot, a failover to a
 * lagging replica) is raised back to what was seen: a stale-low counter
 * cannot reopen a spent budget for any process that saw it spent.
 */
export class SeenSpend {
  private readonly values = new Map<string, { nanos: number; expireAtMs: number }>();

  get(key: string): number {
    return this.values.get(key)?.nanos ?? 0;
  }

  note(key: string, nanos: number, expireAtMs: number): void {
    const known = this.values.get(key);
    if (known) {
      if (nanos > known.nanos) known.nanos = nanos;
      return;
    }
    if (this.values.size >= 10_000) this.prune();
    this.values.set(key, { nanos, expireAtMs });
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, value] of this.values) if (value.expireAtMs <= now) this.values.delete(key);
    // Still full of live windows (an unusual number of budgets): start over rather than grow without bound.
    if (this.values.size >= 10_000) this.values.clear();
  }
}
