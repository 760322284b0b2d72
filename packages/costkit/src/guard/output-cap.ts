/**
 * Where each provider and operation keeps the request's output cap, read and
 * written without touching what the app passed (every write is a copy).
 * Operations with no output (embeddings, countTokens, embedContent) have no
 * entry and are never touched.
 */
type Obj = Record<string, any>;

export interface OutputCapAccess {
  /** The cap the request asks for (`undefined`: none), and the field it is in. */
  read(params: unknown, target: unknown): { requested: number | undefined; field: string };
  /** The request with its cap set to `value` (or the SDK object adjusted, for a generative-ai chat). */
  write(params: unknown, target: unknown, value: number): unknown;
  /** A cap the API applies itself when the request sets none (legacy completions: 16): no default is added. */
  implicit?: number;
}

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** One top-level request field (`max_tokens`, `max_output_tokens`). */
function topLevel(field: string, implicit?: number): OutputCapAccess {
  return {
    read: (params) => ({ requested: isObject(params) ? num(params[field]) : undefined, field }),
    write: (params, _target, value) => ({ ...(params as Obj), [field]: value }),
    implicit,
  };
}

/**
 * Chat completions: `max_completion_tokens`, or the legacy `max_tokens` some
 * apps (and OpenAI-compatible servers) still use. Whichever the app set is
 * the one clamped; a request with neither gets `max_completion_tokens`.
 */
const chatCompletions: OutputCapAccess = {
  read(params) {
    if (!isObject(params)) return { requested: undefined, field: 'max_completion_tokens' };
    const modern = num(params.max_completion_tokens);
    const legacy = num(params.max_tokens);
    if (modern !== undefined && (legacy === undefined || modern >= legacy)) return { requested: modern, field: 'max_completion_tokens' };
    if (legacy !== undefined) return { requested: legacy, field: 'max_tokens' };
    return { requested: undefined, field: 'max_completion_tokens' };
  },
  write(params, _target, value) {
    const p = params as Obj;
    const out: Obj = { ...p };
    const modern = num(p.max_completion_tokens);
    const legacy = num(p.max_tokens);
    if (legacy !== undefined) out.max_tokens = Math.min(legacy, value);
    if (modern !== undefined || legacy === undefined) out.max_completion_tokens = Math.min(modern ?? value, value);
    return out;
  },
};

/**
 * Anthropic messages: `max_tokens` (required by the API). Extended thinking
 * needs `thinking.budget_tokens` below `max_tokens`, so a clamp that would
 * break that lowers the budget too rather than turning a valid request into a 400.
 */
const anthropicMessages: OutputCapAccess = {
  read: (params) => ({ requested: isObject(params) ? num(params.max_tokens) : undefined, field: 'max_tokens' }),
  write(params, _target, value) {
    const p = params as Obj;
    const out: Obj = { ...p, max_tokens: value };
    const budget = num(p.thinking?.budget_tokens);
    if (budget !== undefined && budget >= value) out.thinking = { ...p.thinking, budget_tokens: Math.max(1, value - 1) };
    return out;
  },
};

/** @google/genai: `config.maxOutputTokens` in the params (chats too: they call `models`). */
const genai: OutputCapAccess = {
  read: (params) => ({ requested: isObject(params) ? num(params.config?.maxOutputTokens) : undefined, field: 'config.maxOutputTokens' }),
  write: (params, _target, value) => ({ ...(params as Obj), config: { ...(params as Obj).config, maxOutputTokens: value } }),
};

/**
 * @google/generative-ai `GenerativeModel.generateContent(Stream)`: the request
 * (a string, an array of parts, or `{ contents, generationConfig? }`) is merged
 * over the model's own settings by the SDK, and a request `generationConfig`
 * replaces the model's whole. So the app's cap is the request's when it has a
 * generationConfig, else the one given to `getGenerativeModel`; the written
 * request carries the config the SDK would have used, with the new cap.
 */
const generativeModel: OutputCapAccess = {
  read(params, target) {
    if (isObject(params) && 'generationConfig' in params) {
      return { requested: num(params.generationConfig?.maxOutputTokens), field: 'generationConfig.maxOutputTokens' };
    }
    return { requested: num((target as Obj | undefined)?.generationConfig?.maxOutputTokens), field: 'generationConfig.maxOutputTokens' };
  },
  write(params, target, value) {
    const request = isObject(params) ? params : toContentsRequest(params);
    if (!request) return params;
    const base = 'generationConfig' in request ? request.generationConfig : (target as Obj | undefined)?.generationConfig;
    return { ...request, generationConfig: { ...base, maxOutputTokens: value } };
  },
};

/**
 * @google/generative-ai `ChatSession.sendMessage(Stream)`: the message has no
 * room for settings; the SDK reads `chat.params.generationConfig` when it
 * sends. The chat's `params` field is replaced by a copy with the new cap
 * (the object the app passed to `startChat` is not touched), and the app's
 * own settings are remembered so a later call is judged by them, not by ours.
 */
const chatParams = new WeakMap<object, { own: unknown; ours: unknown }>();
function appChatParams(chat: Obj): Obj | undefined {
  const seen = chatParams.get(chat);
  return (seen && seen.ours === chat.params ? seen.own : chat.params) as Obj | undefined;
}
const generativeChat: OutputCapAccess = {
  read: (_params, target) => ({ requested: num(appChatParams(target as Obj)?.generationConfig?.maxOutputTokens), field: 'generationConfig.maxOutputTokens' }),
  write(params, target, value) {
    const chat = target as Obj;
    const own = appChatParams(chat);
    const ours = { ...own, generationConfig: { ...own?.generationConfig, maxOutputTokens: value } };
    chat.params = ours;
    chatParams.set(chat, { own, ours });
    return params;
  },
};

/** `sendMessage('hi')` / `generateContent(['a', part])` as the SDK itself would wrap them; undefined when it would refuse. */
function toContentsRequest(request: unknown): Obj | undefined {
  let parts: Obj[];
  if (typeof request === 'string') parts = [{ text: request }];
  else if (Array.isArray(request)) parts = request.map((p) => (typeof p === 'string' ? { text: p } : p));
  else return undefined;
  const functionParts = parts.filter((p) => isObject(p) && 'functionResponse' in p).length;
  // Mixed function responses and other parts: the SDK throws before sending; leave that to it.
  if (functionParts > 0 && functionParts < parts.length) return undefined;
  return { contents: [{ role: functionParts > 0 ? 'function' : 'user', parts }] };
}

const ACCESS: Record<string, OutputCapAccess> = {
  'openai:chat.completions': chatCompletions,
  'openai:completions': topLevel('max_tokens', 16),
  'openai:responses': topLevel('max_output_tokens'),
  'anthropic:messages': anthropicMessages,
};

/** How to read and write the output cap of this call, or undefined when it has none (or an unknown shape). */
export function outputCapAccess(provider: string, operation: string, target: unknown): OutputCapAccess | undefined {
  if (provider === 'google') {
    if (operation !== 'generateContent') return undefined;
    const t = target as Obj | undefined;
    if (typeof t?.startChat === 'function') return generativeModel;
    if (typeof t?.sendMessage === 'function' && typeof t?.getHistory === 'function') return generativeChat;
    return genai;
  }
  return ACCESS[`${provider}:${operation}`];
}
