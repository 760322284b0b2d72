import type { Provider } from './ids.js';
import { patchOpenAIClient, patchOpenAIModule } from './openai/patch.js';
import { isAnthropicClient, patchAnthropicClient, patchAnthropicModule } from './anthropic/patch.js';
import { isGenerativeAIClient, patchGenerativeAIClient, patchGenerativeAIModule } from './google/patch-generative-ai.js';
import { isGenAIClient, patchGenAIClient, patchGenAIModule } from './google/patch-genai.js';

/** A supported SDK: its npm name, how to patch a loaded copy, how to patch one client. */
export interface ProviderPatcher {
  provider: Provider;
  packageName: string;
  /** Patches a loaded module (CJS exports or ESM namespace); returns how many methods were wrapped. */
  patchModule(mod: unknown): number;
  /** True when `client` is an instance of this SDK; `patchClient` then patches its classes. */
  owns?(client: object): boolean;
  patchClient?(client: object): number;
}

export const PATCHERS: ProviderPatcher[] = [
  {
    provider: 'openai',
    packageName: 'openai',
    patchModule: patchOpenAIModule,
    owns: (client) => typeof (client as any).chat?.completions?.create === 'function' && 'baseURL' in client,
    patchClient: patchOpenAIClient,
  },
  {
    provider: 'anthropic',
    packageName: '@anthropic-ai/sdk',
    patchModule: patchAnthropicModule,
    owns: isAnthropicClient,
    patchClient: patchAnthropicClient,
  },
  {
    provider: 'google',
    packageName: '@google/genai',
    patchModule: patchGenAIModule,
    owns: isGenAIClient,
    patchClient: patchGenAIClient,
  },
  {
    provider: 'google',
    packageName: '@google/generative-ai',
    patchModule: patchGenerativeAIModule,
    owns: isGenerativeAIClient,
    patchClient: patchGenerativeAIClient,
  },
];
