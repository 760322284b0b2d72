import { init, instrument, flush, shutdown, stats } from './init.js';
import { withTags, getTags } from './context.js';
import { clsHookedTags } from './interop/cls-hooked.js';

export { init, instrument, flush, shutdown, stats, type PatchReport } from './init.js';
export { withTags, getTags, scopeUsage, type Tags, type ScopeLimits, type ScopeUsage } from './context.js';
export { clsHookedTags } from './interop/cls-hooked.js';
export { CostkitError, CostkitConfigError, MissingTagsError, RetryCapExceededError, MaxTokensExceededError, ScopeLimitExceededError } from './errors.js';
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

const costkit = { init, instrument, flush, shutdown, stats, withTags, getTags, clsHookedTags };
export default costkit;
