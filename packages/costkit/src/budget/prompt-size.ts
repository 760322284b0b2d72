/**
 * How big a prompt is, before it is sent, without a tokenizer: the characters
 * of every string in the request (4 to a token, the providers' own rule of
 * thumb), a few tokens per structured piece, and a flat figure per image or
 * file. The estimate is then calibrated per model by what the provider really
 * reported (estimate.ts), so a systematic error in this rule (code, CJK text)
 * corrects itself.
 */

const CHARS_PER_TOKEN = 4;
/** Per message, part or structured value: what the chat formats add around each turn. */
const OBJECT_OVERHEAD = 3;
/** An image or a file part: a high figure (a detailed image costs up to ~1,500 tokens on the OpenAI API). */
const ATTACHMENT_TOKENS = 1_600;
const ATTACHMENT_TYPES = new Set(['image', 'image_url', 'input_image', 'document', 'input_file', 'file', 'input_audio']);
/** Request fields that are not prompt text. */
const SKIPPED_KEYS = new Set(['model', 'stream', 'stream_options', 'metadata', 'user', 'service_tier', 'store', 'httpOptions', 'abortSignal', 'signal']);
/** Deeper than any real request: a cyclic or pathological object stops here. */
const MAX_DEPTH = 24;

export interface PromptSize {
  tokens: number;
  /** The request asks to write the provider's prompt cache (Anthropic `cache_control`): the input may be billed as cache writes. */
  cacheWrite: '5m' | '1h' | undefined;
}

export function promptSize(params: unknown, target: unknown): PromptSize {
  const walk = new Walk();
  walk.visit(params, 0);
  // @google/generative-ai keeps a chat's history and a model's system instruction on the SDK object.
  const t = target as Record<string, unknown> | null | undefined;
  if (t && typeof t === 'object') {
    const history = (t as { _history?: unknown })._history;
    if (Array.isArray(history)) walk.visit(history, 0);
    const system = (t as { systemInstruction?: unknown }).systemInstruction ?? (t as { params?: { systemInstruction?: unknown } }).params?.systemInstruction;
    if (system !== undefined) walk.visit(system, 0);
  }
  return { tokens: Math.ceil(walk.chars / CHARS_PER_TOKEN) + walk.fixed, cacheWrite: walk.cacheWrite };
}

class Walk {
  chars = 0;
  fixed = OBJECT_OVERHEAD;
  cacheWrite: '5m' | '1h' | undefined = undefined;

  visit(value: unknown, depth: number): void {
    if (typeof value === 'string') {
      if (isDataUrl(value)) this.fixed += ATTACHMENT_TOKENS;
      else this.chars += value.length;
      return;
    }
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.visit(value[i], depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (isAttachment(obj)) {
      this.fixed += ATTACHMENT_TOKENS;
      return;
    }
    this.fixed += OBJECT_OVERHEAD;
    for (const key in obj) {
      if (SKIPPED_KEYS.has(key)) continue;
      const field = obj[key];
      if (key === 'cache_control') {
        this.noteCache(field);
        continue;
      }
      this.visit(field, depth + 1);
    }
  }

  private noteCache(control: unknown): void {
    const ttl = (control as { ttl?: unknown } | null)?.ttl;
    this.cacheWrite = ttl === '1h' || this.cacheWrite === '1h' ? '1h' : '5m';
  }
}

function isAttachment(obj: Record<string, unknown>): boolean {
  const type = obj.type;
  if (typeof type === 'string' && ATTACHMENT_TYPES.has(type)) return true;
  return 'inlineData' in obj || 'fileData' in obj;
}

function isDataUrl(text: string): boolean {
  return text.length > 64 && text.startsWith('data:');
}
