/**
 * The mock's token rule: deterministic and of realistic magnitude, not a real
 * tokenizer. Text costs one token per 4 characters (rounded up); each message
 * adds 3 and each request 3, roughly what the chat formats add around a turn.
 * Structured pieces (tool definitions, tool calls and results) cost the tokens of
 * their JSON text; an image costs a flat 258 (Gemini's per-image figure).
 */
export const CHARS_PER_TOKEN = 4;
export const MESSAGE_OVERHEAD = 3;
export const REQUEST_OVERHEAD = 3;
export const IMAGE_TOKENS = 258;

export function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The JSON text of a structured value (tool definitions, calls, arguments), counted as text. */
export function jsonTokens(value: unknown): number {
  return value === undefined || value === null ? 0 : textTokens(JSON.stringify(value));
}

const IMAGE_TYPES = new Set(['image', 'image_url', 'input_image', 'document', 'input_file', 'file']);

/**
 * The tokens of a message's content in any of the three formats: a string, an
 * array of parts or blocks, `{ text }`, nested `content` / `parts` (tool results),
 * images, or anything else as JSON.
 */
export function contentTokens(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') return textTokens(value);
  if (Array.isArray(value)) return value.reduce((sum: number, part) => sum + contentTokens(part), 0);
  if (typeof value !== 'object') return textTokens(String(value));
  const v = value as Record<string, unknown>;
  if (typeof v.text === 'string') return textTokens(v.text);
  if (typeof v.thinking === 'string') return textTokens(v.thinking);
  if (IMAGE_TYPES.has(String(v.type)) || 'inlineData' in v || 'fileData' in v) return IMAGE_TOKENS;
  if ('content' in v) return contentTokens(v.content);
  if ('parts' in v) return contentTokens(v.parts);
  return jsonTokens(v);
}

/** A conversation turn: its content plus the per-message overhead. */
export function messageTokens(content: unknown, extra = 0): number {
  return MESSAGE_OVERHEAD + contentTokens(content) + extra;
}
