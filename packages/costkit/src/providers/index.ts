import type { Provider } from './ids.js';
import type { ProviderAdapter } from './adapter.js';
import { openai } from './openai/index.js';
import { anthropic } from './anthropic/index.js';
import { google } from './google/index.js';

/**
 * Every provider's adapter, by id. Typed against the id list, so a provider
 * added to `ids.ts` without an adapter here (or the reverse) does not compile.
 */
export const ADAPTERS: Readonly<Record<Provider, ProviderAdapter>> = { openai, anthropic, google };
