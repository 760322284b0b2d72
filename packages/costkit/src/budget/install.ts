import { activeRuntime, type Runtime } from '../runtime.js';
import { reportInternalError } from '../diagnostics.js';
import { WebhookSink } from './alerts/webhook.js';
import { MemoryBudgetStore } from './memory-store.js';
import { compileBudgets } from './policy.js';
import type { BudgetState } from './state.js';
import type { BudgetStore } from './store.js';
import { BudgetSystem } from './system.js';

const systems = new WeakMap<Runtime, BudgetSystem>();
/** The default store lives from the first init() to shutdown(): reconfiguring keeps the spend. */
let defaultStore: MemoryBudgetStore | undefined;
let runBudgetsUsed = false;

/**
 * Registers budgets on a new runtime (`init()` calls this each time): the
 * admission hook and the settle hook. Nothing is installed when there are no
 * budgets and no run budget has been used, so such an app's call path has no
 * admission at all.
 */
export function installBudgets(runtime: Runtime, previous: Runtime | undefined): void {
  const old = previous && systems.get(previous);
  const wanted = (runtime.options.budgets?.length ?? 0) > 0 || runBudgetsUsed;
  if (wanted) install(runtime);
  if (old) {
    const reused = systems.get(runtime)?.store === old.store;
    // Calls still in flight settle through the old system; a store no longer used is closed once its settles are done.
    void old.shutdown(!reused && old.store !== defaultStore, 5_000).catch((error) => reportInternalError('budget reconfigure', error));
  }
}

function install(runtime: Runtime): BudgetSystem {
  const { options } = runtime;
  const store: BudgetStore = options.budgetStore ?? (defaultStore ??= new MemoryBudgetStore());
  const sinks = (options.alerts ?? []).map((alert) => new WebhookSink(alert, () => runtime.budgetCounters.budgetAlertsFailed++));
  const system = new BudgetSystem(runtime, compileBudgets(options.budgets ?? []), store, sinks);
  systems.set(runtime, system);
  runtime.admission = system.admit;
  runtime.afterCall.push(system.afterCall);
  return system;
}

/** `withBudget` was called: make sure the running instance enforces run budgets, budgets configured or not. */
export function ensureRunBudgets(): void {
  runBudgetsUsed = true;
  const runtime = activeRuntime();
  if (runtime && !systems.has(runtime)) install(runtime);
}

/** `costkit.shutdown()`: settles what it can, waits for alerts in flight, closes the store. */
export async function shutdownBudgets(runtime: Runtime | undefined, timeoutMs = 5_000): Promise<void> {
  const system = runtime && systems.get(runtime);
  const store = defaultStore;
  defaultStore = undefined;
  if (system) await system.shutdown(true, timeoutMs);
  else await store?.close();
}

/** `costkit.budgets()`: each configured budget's state in its current window. */
export async function budgets(): Promise<BudgetState[]> {
  const runtime = activeRuntime();
  const system = runtime && systems.get(runtime);
  // Calls that finished settle with their batch: settled first, so the state includes them.
  runtime?.completeFinished();
  return system ? system.states() : [];
}
