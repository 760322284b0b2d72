/**
 * The providers costkit instruments: the one list every provider enum derives
 * from (the event's `provider`, `init({ instrument })`, price overrides, the
 * adapter registry, the OpenTelemetry and FOCUS names). A provider is billed
 * by one company but may be reached through several SDKs (`google`: both
 * Gemini SDKs); the SDKs are listed by its adapter (`providers/<id>/index.ts`).
 */
export const PROVIDERS = {
  openai: { displayName: 'OpenAI', genAiProviderName: 'openai', serviceName: 'OpenAI API', packages: ['openai'] },
  anthropic: { displayName: 'Anthropic', genAiProviderName: 'anthropic', serviceName: 'Claude API', packages: ['@anthropic-ai/sdk'] },
  // gen_ai.provider.name: costkit does not know whether a Gemini call went to AI
  // Studio or Vertex AI; 'gcp.gen_ai' is the conventions' "any Google GenAI endpoint".
  google: { displayName: 'Google', genAiProviderName: 'gcp.gen_ai', serviceName: 'Gemini API', packages: ['@google/genai', '@google/generative-ai'] },
} as const satisfies Record<string, ProviderInfo>;

export interface ProviderInfo {
  /** Who bills it: FOCUS ProviderName / InvoiceIssuerName. */
  readonly displayName: string;
  /** OpenTelemetry GenAI semantic conventions' `gen_ai.provider.name`. */
  readonly genAiProviderName: string;
  /** FOCUS ServiceName. */
  readonly serviceName: string;
  /**
   * The npm packages of its SDKs: what the module hooks watch from startup
   * (`costkit/register` loads nothing else). The adapter patches each; a test
   * holds the two lists equal.
   */
  readonly packages: readonly string[];
}

export type Provider = keyof typeof PROVIDERS;

export const PROVIDER_IDS = Object.keys(PROVIDERS) as [Provider, ...Provider[]];

function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && Object.hasOwn(PROVIDERS, value);
}

/** Names for a provider id; undefined for a string that is not one. */
export function providerInfo(provider: string): ProviderInfo | undefined {
  return isProvider(provider) ? PROVIDERS[provider] : undefined;
}

/** `'openai', 'anthropic' or 'google'`, for messages. */
export function quotedList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
