import { providerInfo } from 'costkit/exporters';

// OpenTelemetry GenAI semantic conventions (gen_ai.*), copied rather than taken
// from @opentelemetry/semantic-conventions: that package has them only in its
// unstable `incubating` entry point, which says to copy what you use.

/** gen_ai.operation.name for a costkit operation; a costkit name when the conventions have none. */
export function operationName(operation: string): string {
  switch (operation) {
    case 'chat.completions':
    case 'responses':
    case 'messages':
      return 'chat';
    case 'completions':
      return 'text_completion';
    case 'embeddings':
    case 'embedContent':
      return 'embeddings';
    case 'generateContent':
      return 'generate_content';
    case 'messages.countTokens':
    case 'countTokens':
      return 'count_tokens';
    default:
      return operation;
  }
}

/** gen_ai.provider.name, from costkit's provider list (a provider it does not list keeps its id). */
export function providerName(provider: string): string {
  return providerInfo(provider)?.genAiProviderName ?? provider;
}

/** The bucket boundaries the conventions advise for gen_ai.client.token.usage. */
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** The bucket boundaries the conventions advise for gen_ai.client.operation.duration (seconds). */
export const DURATION_BUCKETS_S = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
