import type { BudgetOptions } from '@costkit/redis';
import type { BudgetState } from 'costkit/budget';
import { UsageError } from '../errors.js';
import { BUDGETS_EXAMPLE, readBudgetList } from './budget-config.js';

export interface FleetBudgetsOptions {
  /** redis:// or rediss:// */
  url: string;
  keyPrefix?: string;
  /** The budgets config file (`--config`): the fleet's init({ budgets }). */
  config: string;
  /** Read the windows at this instant (default now). */
  asOf?: string;
  /** How long to wait for Redis (default 5 000 ms). */
  timeoutMs?: number;
}

/** One budget as Redis holds it now: `costkit.budgets()`'s shape (contract section 6.1). */
export type FleetBudgetState = BudgetState;

export interface FleetBudgetsJson {
  source: 'redis';
  /** The store's URL, the password masked. */
  redis: string;
  keyPrefix: string;
  asOf: string;
  budgets: FleetBudgetState[];
}

/** A URL fit to print: the password (redis://:secret@host) replaced by ***. */
export function maskUrl(url: URL): string {
  if (!url.password) return url.toString();
  const masked = new URL(url.toString());
  masked.password = '***';
  return masked.toString();
}

/**
 * `costkit budgets --redis`: every budget's live state in the store the fleet's
 * processes share (@costkit/redis readFleetBudgets), given the fleet's budgets config.
 */
export async function fleetBudgets(options: FleetBudgetsOptions): Promise<FleetBudgetsJson> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new UsageError(`--redis '${options.url.replace(/\/\/[^@/]*@/, '//***@')}': expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379`);
  const budgets = await readBudgetList(options.config, '--config');
  if (!Array.isArray(budgets)) throw new UsageError(`--config ${options.config}: no budgets list. Expected ${BUDGETS_EXAMPLE}`);
  const [{ readFleetBudgets }, { CostkitConfigError }] = await Promise.all([import('@costkit/redis'), import('costkit')]);
  const keyPrefix = options.keyPrefix ?? 'costkit:';
  const now = options.asOf ? Date.parse(options.asOf) : Date.now();
  try {
    const states = await readFleetBudgets({ url: options.url, keyPrefix, budgets: budgets as BudgetOptions[], now, timeoutMs: options.timeoutMs ?? 5_000 });
    return { source: 'redis', redis: maskUrl(url), keyPrefix, asOf: new Date(now).toISOString(), budgets: states.map((s) => ({ ...s, window: { ...s.window } })) };
  } catch (error) {
    if (error instanceof CostkitConfigError) {
      throw new UsageError(`--config ${options.config}: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { cause: error });
    }
    if (error instanceof Error && error.name === 'BudgetStoreUnavailableError') {
      throw new UsageError(`--redis ${maskUrl(url)}: cannot read the budgets (${error.message}); check the URL and that Redis is up`, { cause: error });
    }
    throw error;
  }
}
