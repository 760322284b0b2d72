/**
 * The mock's token rule: deterministic and of realistic magnitude, not a real
 * tokenizer. One token per 4 characters of text (at least 1), plus 3 per message
 * and 3 per request, roughly what the chat formats add.
 */
export function textTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

export const MESSAGE_OVERHEAD = 3;
export const REQUEST_OVERHEAD = 3;

/** Every string inside a request value (message contents, parts, system prompts), concatenated. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.text === 'string') return v.text;
    if ('content' in v) return textOf(v.content);
    if ('parts' in v) return textOf(v.parts);
    return '';
  }
  return '';
}

const WORDS = ['Caching', 'reuses', 'a', 'prompt', 'prefix', 'the', 'provider', 'already', 'processed,', 'so', 'those', 'tokens', 'are', 'billed', 'at', 'a', 'fraction', 'of', 'the', 'input', 'price.'];

/** A deterministic answer of `tokens` words (one token each), seeded by the prompt. */
export function answerWords(tokens: number, seed: string): string[] {
  const offset = seed.length % WORDS.length;
  return Array.from({ length: tokens }, (_, i) => WORDS[(offset + i) % WORDS.length]!);
}

export const DEFAULT_OUTPUT_TOKENS = 12;

/** Short, stable id suffix from the request, so ids differ per request but repeat per content. */
let counter = 0;
export function nextId(prefix: string): string {
  counter = (counter + 1) % 0xffffff;
  return `${prefix}${Date.now().toString(16)}${counter.toString(16).padStart(6, '0')}`;
}
