import type { ProviderAdapter } from '../adapter.js';
import { stainlessRetries } from '../stainless/retries.js';
import { isAnthropicClient, patchAnthropicClient, patchAnthropicModule } from './patch.js';
import { anthropicOutputCap } from './request.js';
import { anthropicUsage } from './usage.js';

/** Anthropic: `@anthropic-ai/sdk` (Stainless-generated). */
export const anthropic: ProviderAdapter = {
  id: 'anthropic',
  sdks: [{ packageName: '@anthropic-ai/sdk', versions: '>=0.30.0 <2', patchModule: patchAnthropicModule, owns: isAnthropicClient, patchClient: patchAnthropicClient }],
  outputCap: (operation) => anthropicOutputCap(operation),
  retries: stainlessRetries,
  usage: anthropicUsage,
};
