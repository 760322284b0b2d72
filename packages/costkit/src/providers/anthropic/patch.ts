import type { StainlessPlan, ResourceMethod } from '../stainless/method.js';
import { wrapResourceMethods } from '../stainless/method.js';
import { observeApiPromise } from '../stainless/api-promise.js';
import { patchStainlessTransport } from '../stainless/transport.js';
import { anthropicObservers, type AnthropicOperation } from './observe.js';
import { anthropicBodyFields } from './request.js';
import { anthropic } from './index.js';

type Params = Record<string, any>;

/**
 * What is wrapped, on the prototypes of `@anthropic-ai/sdk` (0.x and 1.x):
 * `Messages.prototype.create` / `countTokens` for `client.messages` and
 * `client.beta.messages`, and the shared Stainless transport (attempts, the
 * seam before sending, request edits). `messages.parse`, `messages.stream()`
 * (MessageStream / BetaMessageStream, `on('text')`, `finalMessage()`,
 * `abort()`), the beta tool runner and `withResponse()` all go through
 * `create`, so each is one event, once.
 *
 * Why prototypes and not the SDK's own hooks (1.x has `ClientOptions.middleware`
 * and built-in OpenTelemetry spans): middleware is per client, copied from the
 * options when the client is constructed, so a client built before `init()`
 * (or by a library costkit never sees) would be missed, and there is no
 * registry of clients to add it to later. Adding a middleware also changes the
 * SDK's behaviour for every request (middleware-origin errors skip the retry
 * and APIConnectionError wrapping; headers and URL are normalized), and it sees
 * the body only through `ctx.parse()`, which reads a clone: a second read of
 * every stream. The prototype methods are shared by every client of a loaded
 * copy of the SDK, before or after `init()`, and are restored on `shutdown()`.
 * The SDK's own spans are left alone: costkit neither emits nor suppresses them.
 */
const METHODS: readonly ResourceMethod[] = [
  [['messages'], 'create', planner('messages')],
  [['messages'], 'countTokens', planner('messages.countTokens')],
  [['beta', 'messages'], 'create', planner('messages')],
  [['beta', 'messages'], 'countTokens', planner('messages.countTokens')],
];

/** Patches the classes behind one Anthropic client (and so every client of that copy of the SDK). */
export function patchAnthropicClient(client: object): number {
  let patched = wrapResourceMethods('anthropic', client, METHODS);
  if (patchStainlessTransport('anthropic', client)) patched++;
  return patched;
}

/** Patches an `@anthropic-ai/sdk` module (CJS exports or ESM namespace) through an offline probe client. */
export function patchAnthropicModule(mod: unknown): number {
  const Anthropic = (mod as any)?.Anthropic ?? (mod as any)?.default;
  if (typeof Anthropic !== 'function') return 0;
  // Construction sends nothing; `openTelemetry: false` keeps the probe from asking for a tracer.
  const probe = new Anthropic({ apiKey: 'costkit-probe', baseURL: 'http://127.0.0.1:9', maxRetries: 0, openTelemetry: false });
  return patchAnthropicClient(probe);
}

/** True for an Anthropic client instance (for `instrument(client)`). */
export function isAnthropicClient(client: object): boolean {
  const c = client as any;
  return typeof c.messages?.create === 'function' && typeof c.messages?.countTokens === 'function' && 'baseURL' in c;
}

function planner(operation: AnthropicOperation) {
  return (args: readonly unknown[]): StainlessPlan | undefined => {
    const p = args[0] as Params | undefined;
    if (!p || typeof p !== 'object') return undefined;
    const stream = operation === 'messages' && p.stream === true;
    return {
      spec: { provider: 'anthropic', operation, model: String(p.model ?? 'unknown'), stream },
      adapter: anthropic,
      bodyFields: operation === 'messages' ? anthropicBodyFields : undefined,
      observe: (result, record) => observeApiPromise(result, record, anthropicObservers(operation, stream)),
    };
  };
}
