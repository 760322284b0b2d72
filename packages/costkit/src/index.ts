import { init, instrument, flush, shutdown, stats } from './init.js';
import { withTags, getTags } from './context.js';
import { clsHookedTags } from './interop/cls-hooked.js';
import { withBudget } from './budget/run-budget.js';
import { onBudgetEvent } from './budget/events.js';
import { budgets } from './budget/install.js';

export { init, instrument, flush, shutdown, stats, type PatchReport } from './init.js';
export { withTags, getTags, scopeUsage, type Tags, type ScopeLimits, type ScopeUsage } from './context.js';
export { clsHookedTags } from './interop/cls-hooked.js';
export { CostkitError, CostkitConfigError, MissingTagsError, RetryCapExceededError, MaxTokensExceededError, ScopeLimitExceededError, BudgetExceededError } from './errors.js';
export { withBudget, type RunBudgetOptions } from './budget/run-budget.js';
export { onBudgetEvent, type BudgetEventListener } from './budget/events.js';
export { budgets } from './budget/install.js';
export { memoryBudgetStore, type MemoryBudgetStoreOptions } from './budget/memory-store.js';
export type { BudgetState } from './budget/state.js';
export type { BudgetStore } from './budget/store.js';
export type { BudgetOptions, AlertOptions } from './budget/options-schema.js';
export {
  costkitEventSchema,
  callEventSchema,
  budgetEventSchema,
  guardEventSchema,
  usageSchema,
  type CostkitEvent,
  type CallEvent,
  type BudgetEvent,
  type GuardEvent,
  type Usage,
  type Provider,
} from './event.js';
export { createPriceBook, bundledSnapshot, type Cost, type PriceBook, type PriceOverride, type PricingOptions } from './pricing/index.js';
export { PROVIDER_IDS, providerInfo, type ProviderInfo } from './providers/ids.js';
export type { InitOptions } from './config.js';
export type { Exporter } from './exporters/types.js';
export type { CostkitStats } from './runtime.js';

const costkit = { init, instrument, flush, shutdown, stats, withTags, getTags, clsHookedTags, withBudget, onBudgetEvent, budgets };
export default costkit;
