import { Redis, type RedisOptions } from 'ioredis';
import {
  BudgetStoreUnavailableError,
  type BudgetStore,
  type LeasePolicy,
  type LineState,
  type ReserveLine,
  type ReserveOutcome,
  type SettleLine,
  type SettleOutcome,
  type StoreLine,
} from 'costkit/budget';
import { lineKeys } from './keys.js';
import { READ, RENEW, RESERVE, SETTLE } from './scripts.js';
import { SeenSpend } from './seen.js';

export interface RedisBudgetStoreOptions {
  /** `redis://[:password@]host:port[/db]`; or pass `client`. */
  url?: string;
  /** An ioredis client you own (it is not closed by costkit.shutdown()). */
  client?: Redis;
  /** Default 'costkit:'. On Redis Cluster use a hash tag: '{costkit}:'. */
  keyPrefix?: string;
  /** The longest a call waits for the store before its budgets' whenStoreDown applies (default 250 ms). */
  timeoutMs?: number;
  /** A reservation's lease: it expires this long after its process last renewed it (default 30 s). */
  leaseMs?: number;
  /** Calls older than this stop being renewed (default one hour). */
  maxHoldMs?: number;
  /** Extra ioredis options for the client made from `url`. */
  redisOptions?: RedisOptions;
}

const DEFAULTS = { keyPrefix: 'costkit:', timeoutMs: 250, leaseMs: 30_000, maxHoldMs: 3_600_000 };
type Script = (...args: Array<string | number>) => Promise<unknown>;

/**
 * A budget store shared by every process pointed at one Redis: each
 * operation is one Lua script (loaded once per connection: EVALSHA), so a
 * reservation across all of a call's budgets is atomic. A store that is
 * unreachable fails at once (it is not queued); one that answers slowly fails
 * after `timeoutMs`; either way costkit applies each budget's whenStoreDown.
 */
export class RedisBudgetStore implements BudgetStore {
  readonly kind = 'redis';
  readonly lease: LeasePolicy;
  readonly client: Redis;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly ownsClient: boolean;
  private readonly seen = new SeenSpend();
  private everReady: boolean;
  /** Resolves on the first connection (one listener, however many calls wait for it). */
  private readonly firstReady: Promise<void>;

  constructor(options: RedisBudgetStoreOptions) {
    if (!options.url && !options.client) throw new TypeError("redisBudgetStore: pass { url: 'redis://host:6379' } or { client }");
    this.prefix = options.keyPrefix ?? DEFAULTS.keyPrefix;
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.lease = { ms: options.leaseMs ?? DEFAULTS.leaseMs, maxHoldMs: options.maxHoldMs ?? DEFAULTS.maxHoldMs };
    this.ownsClient = !options.client;
    this.client =
      options.client ??
      new Redis(options.url!, {
        // Fail fast while disconnected: a call must not queue behind a dead connection.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: this.timeoutMs,
        connectTimeout: Math.max(1_000, this.timeoutMs * 4),
        retryStrategy: (times) => Math.min(50 * 2 ** times, 2_000),
        ...options.redisOptions,
      });
    this.everReady = this.client.status === 'ready';
    this.firstReady = new Promise<void>((resolve) => this.client.once('ready', () => resolve()));
    this.client.on('ready', () => (this.everReady = true));
    // Failures are counted per operation by costkit; the client's own error events are not the app's to see.
    this.client.on('error', () => undefined);
    for (const [name, lua] of [['costkitReserve', RESERVE], ['costkitSettle', SETTLE], ['costkitRenew', RENEW], ['costkitRead', READ]] as const) {
      if (!(name in this.client)) this.client.defineCommand(name, { lua });
    }
  }

  async reserve(id: string, lines: readonly ReserveLine[]): Promise<ReserveOutcome> {
    const keys: string[] = [];
    const args: Array<string | number> = [id, this.lease.ms, this.retentionMs, lines.length];
    for (const line of lines) {
      const lk = lineKeys(this.prefix, line);
      keys.push(...lk);
      args.push(line.buckets.length, line.limitNanos, line.amountNanos, line.enforce ? 1 : 0, line.expireAtMs, line.rearmMs);
      for (const key of lk.slice(5)) args.push(this.seen.get(key));
    }
    const [ok, out] = (await this.run('costkitReserve', keys, args)) as [number, Array<[string, string, number, number, string[]]>];
    return {
      ok: ok === 1,
      lines: out.map(([spent, reserved, over, first, values], i) => {
        this.remember(lines[i]!, values);
        return { spentNanos: Number(spent), reservedNanos: Number(reserved), over: over === 1, firstOver: first === 1 };
      }),
    };
  }

  async settle(id: string, lines: readonly SettleLine[]): Promise<SettleOutcome> {
    const keys: string[] = [];
    const args: Array<string | number> = [id, this.retentionMs, lines.length];
    for (const line of lines) {
      const lk = lineKeys(this.prefix, line);
      keys.push(...lk);
      args.push(line.buckets.length, line.limitNanos, line.actualNanos, line.expireAtMs, line.rearmMs);
      for (const key of lk.slice(5)) args.push(this.seen.get(key));
      const tags = Object.entries(line.tags).map(([key, value]) => `${key}=${value}`);
      args.push(line.thresholds.length, ...line.thresholds.map(String), tags.length, ...tags);
    }
    const out = (await this.run('costkitSettle', keys, args)) as Array<[string, string, string[], string[], string[]]>;
    return {
      lines: out.map(([spent, reserved, fired, top, values], i) => {
        this.remember(lines[i]!, values);
        const settled: SettleOutcome['lines'][number] = { spentNanos: Number(spent), reservedNanos: Number(reserved), fired: fired.map(Number) };
        if (fired.length > 0) settled.topTags = pairs(top);
        return settled;
      }),
    };
  }

  async renew(holds: ReadonlyArray<{ line: StoreLine; ids: readonly string[] }>): Promise<void> {
    const keys = holds.map((h) => lineKeys(this.prefix, h.line)[1]!);
    const args: Array<string | number> = [this.lease.ms, holds.length];
    for (const h of holds) args.push(h.ids.length, ...h.ids);
    await this.run('costkitRenew', keys, args);
  }

  async read(lines: readonly StoreLine[]): Promise<LineState[]> {
    const keys: string[] = [];
    const args: Array<string | number> = [this.retentionMs, lines.length];
    for (const line of lines) {
      const lk = lineKeys(this.prefix, line);
      keys.push(...lk);
      args.push(line.buckets.length, line.expireAtMs);
      for (const key of lk.slice(5)) args.push(this.seen.get(key));
    }
    const out = (await this.run('costkitRead', keys, args)) as Array<[string, string, string[]]>;
    return out.map(([spent, reserved, values], i) => {
      this.remember(lines[i]!, values);
      return { spentNanos: Number(spent), reservedNanos: Number(reserved) };
    });
  }

  async close(): Promise<void> {
    if (!this.ownsClient) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  /** How long settled and expired ids are kept: longer than any retry of a settle. */
  private get retentionMs(): number {
    return Math.max(this.lease.ms * 4, 120_000);
  }

  private remember(line: StoreLine, values: readonly string[]): void {
    const keys = lineKeys(this.prefix, line).slice(5);
    values.forEach((value, i) => this.seen.note(keys[i]!, Number(value), line.expireAtMs));
  }

  private async run(command: string, keys: string[], args: Array<string | number>): Promise<unknown> {
    if (this.client.status !== 'ready') await this.waitForConnection();
    try {
      return await (this.client as unknown as Record<string, Script>)[command]!(keys.length, ...keys, ...args);
    } catch (error) {
      throw new BudgetStoreUnavailableError(`redis ${command}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** The first connection may take a moment (bounded by timeoutMs); once connected, a lost connection fails at once. */
  private async waitForConnection(): Promise<void> {
    const status = this.client.status;
    const connecting = status === 'connecting' || status === 'connect' || status === 'wait' || (status === 'reconnecting' && !this.everReady);
    if (this.everReady || !connecting) throw new BudgetStoreUnavailableError(`redis is ${status}`);
    if (status === 'wait') void this.client.connect().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.timeoutMs)));
    const answer = await Promise.race([this.firstReady, late]);
    clearTimeout(timer);
    if (answer === 'late') throw new BudgetStoreUnavailableError(`redis did not connect within ${this.timeoutMs} ms`);
  }
}

function pairs(flat: readonly string[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, Number(flat[i + 1])]);
  return out;
}
