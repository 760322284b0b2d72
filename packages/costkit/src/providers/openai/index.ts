import type { ProviderAdapter } from '../adapter.js';
import { stainlessRetries } from '../stainless/retries.js';
import { isOpenAIClient, patchOpenAIClient, patchOpenAIModule } from './patch.js';
import { openaiOutputCap } from './request.js';
import { openaiUsage } from './usage.js';

/** OpenAI: the `openai` SDK (Stainless-generated). */
export const openai: ProviderAdapter = {
  id: 'openai',
  sdks: [{ packageName: 'openai', versions: '>=4.0.0 <8', patchModule: patchOpenAIModule, owns: isOpenAIClient, patchClient: patchOpenAIClient }],
  outputCap: (operation) => openaiOutputCap(operation),
  retries: stainlessRetries,
  usage: openaiUsage,
};
