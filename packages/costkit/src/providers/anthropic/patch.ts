import type { CallPlan, Planner } from '../../instrument/call.js';
import { callInstrumented } from '../../instrument/call.js';
import { wrapMethod } from '../../instrument/wrap.js';
import { observeApiPromise } from '../../instrument/api-promise.js';
import { bindStainlessRecord, patchStainlessTransport } from '../stainless/transport.js';
import { anthropicObservers, type AnthropicOperation } from './observe.js';

type Params = Record<string, any>;

/**
 * What is wrapped, on the prototypes of `@anthropic-ai/sdk` (0.x and 1.x):
 * `Messages.prototype.create` / `countTokens` for `client.messages` and
 * `client.beta.messages`, and the base client's `buildRequest` (attempts).
 * `messages.parse`, `messages.stream()` (MessageStream / BetaMessageStream,
 * `on('text')`, `finalMessage()`, `abort()`), the beta tool runner and
 * `withResponse()` all go through `create`, so each is one event, once.
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
const RESOURCES: ReadonlyArray<[path: string[], method: string, operation: AnthropicOperation]> = [
  [['messages'], 'create', 'messages'],
  [['messages'], 'countTokens', 'messages.countTokens'],
  [['beta', 'messages'], 'create', 'messages'],
  [['beta', 'messages'], 'countTokens', 'messages.countTokens'],
];

const planners: Record<AnthropicOperation, Planner> = {
  messages: planner('messages'),
  'messages.countTokens': planner('messages.countTokens'),
};

/** Patches the classes behind one Anthropic client (and so every client of that copy of the SDK). */
export function patchAnthropicClient(client: object): number {
  let patched = 0;
  for (const [path, method, operation] of RESOURCES) {
    const resource = path.reduce<any>((node, key) => node?.[key], client);
    if (!resource || typeof resource !== 'object') continue;
    const plan = planners[operation];
    if (wrapMethod(Object.getPrototypeOf(resource), method, (original) => function (this: unknown, ...args: unknown[]) {
      return callInstrumented(original, this, args, plan);
    })) patched++;
  }
  if (patchStainlessTransport(client)) patched++;
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

function planner(operation: AnthropicOperation): Planner {
  return (params): CallPlan | undefined => {
    if (!params || typeof params !== 'object') return undefined;
    const p = params as Params;
    const stream = operation === 'messages' && p.stream === true;
    return {
      spec: { provider: 'anthropic', operation, model: String(p.model ?? 'unknown'), stream },
      observe: (result, record) => observeApiPromise(result, record, anthropicObservers(operation, stream)),
      bindRecord: bindStainlessRecord,
    };
  };
}
