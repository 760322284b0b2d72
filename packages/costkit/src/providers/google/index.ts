import type { ProviderAdapter } from '../adapter.js';
import { isGenAIClient, patchGenAIClient, patchGenAIModule } from './genai.js';
import { isGenerativeAIClient, patchGenerativeAIClient, patchGenerativeAIModule } from './generative-ai.js';
import { genaiRetries, googleOutputCap } from './request.js';
import { googleUsage } from './usage.js';

/** Google (Gemini): `@google/genai` and the older `@google/generative-ai`. */
export const google: ProviderAdapter = {
  id: 'google',
  sdks: [
    { packageName: '@google/genai', versions: '>=1.0.0 <4', patchModule: patchGenAIModule, owns: isGenAIClient, patchClient: patchGenAIClient },
    { packageName: '@google/generative-ai', versions: '>=0.21.0 <1', patchModule: patchGenerativeAIModule, owns: isGenerativeAIClient, patchClient: patchGenerativeAIClient },
  ],
  outputCap: googleOutputCap,
  retries: genaiRetries,
  usage: googleUsage,
};
