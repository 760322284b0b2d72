import type { OutputCapField, RequestEdits, SdkCall, SdkRetries } from '../adapter.js';

/**
 * Where the Google SDKs keep a request's output cap, model and retries, and
 * how costkit's edits are applied to a call: always on copies (the params, or
 * a view of the SDK object), never on what the app passed.
 */
type Obj = Record<string, any>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

// ---- @google/genai: everything is in the params ----

/** `config.maxOutputTokens` (chats too: they call `models`). */
const genaiCap: OutputCapField = {
  read: ({ params }) => ({ requested: isObject(params) ? num(params.config?.maxOutputTokens) : undefined, field: 'config.maxOutputTokens' }),
};

/** The SDK's default attempts once `retryOptions` is set without `attempts`. */
const GENAI_DEFAULT_ATTEMPTS = 5;

/**
 * @google/genai (2.x+) retries only when `httpOptions.retryOptions` is set, on
 * the client or in the request's `config.httpOptions`; `attempts` counts the
 * first. 1.x and @google/generative-ai do not retry.
 */
export function genaiRetries({ params, target }: SdkCall): SdkRetries | undefined {
  const apiClient = (target as Obj | undefined)?.apiClient as Obj | undefined;
  // Only genai's Models has an apiClient; a generative-ai model or chat never retries.
  if (!apiClient || !isObject(params)) return undefined;
  const own = params.config?.httpOptions?.retryOptions as Obj | undefined;
  const base = apiClient.clientOptions?.httpOptions?.retryOptions as Obj | undefined;
  if (!own && !base) return undefined;
  const attempts = Math.max(1, Number(own?.attempts ?? base?.attempts ?? GENAI_DEFAULT_ATTEMPTS));
  return {
    requested: attempts - 1,
    where: own?.attempts !== undefined ? 'config.httpOptions.retryOptions.attempts - 1' : 'client httpOptions.retryOptions.attempts - 1',
    owner: apiClient,
  };
}

/** The params with `edits` applied; the SDK merges request retryOptions over the client's, so its other settings stay. */
export function genaiParams(params: Obj, edits: RequestEdits): Obj {
  const out: Obj = { ...params };
  if (edits.model !== undefined) out.model = edits.model;
  if (edits.outputCap !== undefined || edits.maxRetries !== undefined) {
    const config: Obj = { ...params.config };
    if (edits.outputCap !== undefined) config.maxOutputTokens = edits.outputCap;
    if (edits.maxRetries !== undefined) {
      config.httpOptions = { ...config.httpOptions, retryOptions: { ...config.httpOptions?.retryOptions, attempts: edits.maxRetries + 1 } };
    }
    out.config = config;
  }
  return out;
}

// ---- @google/generative-ai: the model and its settings live on the SDK object ----

/**
 * `GenerativeModel.generateContent(Stream)`: the request (a string, an array
 * of parts, or `{ contents, generationConfig? }`) is merged over the model's
 * own settings by the SDK, and a request `generationConfig` replaces the
 * model's whole. So the app's cap is the request's when it has a
 * generationConfig, else the one given to `getGenerativeModel`.
 */
const generativeModelCap: OutputCapField = {
  read({ params, target }) {
    if (isObject(params) && 'generationConfig' in params) {
      return { requested: num(params.generationConfig?.maxOutputTokens), field: 'generationConfig.maxOutputTokens' };
    }
    return { requested: num((target as Obj | undefined)?.generationConfig?.maxOutputTokens), field: 'generationConfig.maxOutputTokens' };
  },
};

/** `ChatSession.sendMessage(Stream)`: the message has no room for settings; the SDK reads `chat.params.generationConfig` when it sends. */
const generativeChatCap: OutputCapField = {
  read: ({ target }) => ({ requested: num((target as Obj | undefined)?.params?.generationConfig?.maxOutputTokens), field: 'generationConfig.maxOutputTokens' }),
};

function isGenerativeChat(target: unknown): boolean {
  const t = target as Obj | undefined;
  return typeof t?.sendMessage === 'function' && typeof t?.getHistory === 'function';
}

function isGenerativeModel(target: unknown): boolean {
  return typeof (target as Obj | undefined)?.startChat === 'function';
}

/** The output-cap field of a Google call, by the SDK object it was made on. */
export function googleOutputCap(operation: string, target: unknown): OutputCapField | undefined {
  if (operation !== 'generateContent') return undefined;
  if (isGenerativeModel(target)) return generativeModelCap;
  if (isGenerativeChat(target)) return generativeChatCap;
  return genaiCap;
}

/**
 * A generative-ai call with `edits` applied. The SDK reads the model (and a
 * chat's settings) from `this` when it sends, so the method runs on a view of
 * the SDK object that answers those fields with costkit's values and passes
 * every other read and write through to the object itself (a chat's history
 * and send queue stay the chat's). A model's cap goes in the request instead.
 */
export function generativeCall(target: Obj, args: unknown[], edits: RequestEdits): [Obj, unknown[]] {
  const overrides: Obj = {};
  let request = args[0];
  if (edits.model !== undefined) overrides.model = edits.model.includes('/') ? edits.model : `models/${edits.model}`;
  if (edits.outputCap !== undefined) {
    if (isGenerativeChat(target)) {
      overrides.params = { ...target.params, generationConfig: { ...target.params?.generationConfig, maxOutputTokens: edits.outputCap } };
    } else {
      const asObject = isObject(request) ? request : toContentsRequest(request);
      if (asObject) {
        const base = 'generationConfig' in asObject ? asObject.generationConfig : target.generationConfig;
        request = { ...asObject, generationConfig: { ...base, maxOutputTokens: edits.outputCap } };
      }
    }
  }
  const view = Object.keys(overrides).length > 0 ? overlay(target, overrides) : target;
  return [view, request === args[0] ? args : [request, ...args.slice(1)]];
}

function overlay(target: Obj, overrides: Obj): Obj {
  return new Proxy(target, {
    get: (t, key) => (Object.hasOwn(overrides, key) ? overrides[key as string] : Reflect.get(t, key, t)),
    set: (t, key, value) => Reflect.set(t, key, value, t),
  });
}

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
