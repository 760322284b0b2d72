import type { StoreLine } from 'costkit/budget';

/**
 * Where one budget window lives in Redis, under `<keyPrefix>budget:<name>:<window>`:
 *
 * - `…:2026-12`          hash: `reserved` (nano-USD held), `exceeded` / `warn:<t>` flags
 * - `…:2026-12:leases`   zset: reservation id -> lease expiry (Redis time, ms)
 * - `…:2026-12:amounts`  hash: reservation id -> nano-USD held
 * - `…:2026-12:gone`     zset: `e:<id>` expired / `s:<id>` settled -> when (settles stay idempotent)
 * - `…:2026-12:tags`     zset: `tag=value` -> nano-USD spent (the top tags of alerts)
 * - `…:2026-12:spent`    string: nano-USD spent (a rolling window: one `…:h6:b<n>` per twelfth)
 *
 * Every key expires a window after its window ends: no reset job, no carried
 * spend. On Redis Cluster put a hash tag in the prefix (`{costkit}:`) so a
 * call's budgets share a slot, which one atomic script needs.
 */
export function lineKeys(prefix: string, line: StoreLine): string[] {
  const base = `${prefix}budget:${line.key}`;
  const keys = [base, `${base}:leases`, `${base}:amounts`, `${base}:gone`, `${base}:tags`];
  for (const bucket of line.buckets) keys.push(`${base}:${bucket}`);
  return keys;
}
