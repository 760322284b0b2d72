import type { CallPlan, Planner } from '../../instrument/call.js';
import { callInstrumented } from '../../instrument/call.js';
import { wrapMethod } from '../../instrument/wrap.js';
import { observeApiPromise } from '../../instrument/api-promise.js';
import { bindStainlessRecord, patchStainlessTransport } from '../stainless/transport.js';
import { openaiObservers, type OpenAIOperation } from './observe.js';

type Params = Record<string, any>;

/** Resource path on the client -> operation name. Only leaf `create` methods are
 * wrapped: `parse`, `stream`, `runTools` and `responses.stream` all call them. */
const RESOURCES: ReadonlyArray<[path: string[], operation: OpenAIOperation]> = [
  [['chat', 'completions'], 'chat.completions'],
  [['completions'], 'completions'],
  [['responses'], 'responses'],
  [['embeddings'], 'embeddings'],
];

/** Patches the classes behind one OpenAI client (and so every client of that copy of the SDK). */
export function patchOpenAIClient(client: object): number {
  let patched = 0;
  for (const [path, operation] of RESOURCES) {
    const resource = path.reduce<any>((node, key) => node?.[key], client);
    if (!resource || typeof resource !== 'object') continue;
    const proto = Object.getPrototypeOf(resource);
    if (wrapMethod(proto, 'create', (original) => function create(this: unknown, ...args: unknown[]) {
      return callInstrumented(original, this, args, planner(operation));
    })) patched++;
  }
  if (patchStainlessTransport(client)) patched++;
  return patched;
}

/** Patches an `openai` module (CJS exports or ESM namespace) through a probe client. */
export function patchOpenAIModule(mod: unknown): number {
  const OpenAI = (mod as any)?.OpenAI ?? (mod as any)?.default;
  if (typeof OpenAI !== 'function') return 0;
  // A client constructs offline; its resources lead to the prototypes to patch.
  const probe = new OpenAI({ apiKey: 'costkit-probe', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 });
  return patchOpenAIClient(probe);
}

const STREAM_USAGE_OPERATIONS = new Set<OpenAIOperation>(['chat.completions', 'completions']);

function planner(operation: OpenAIOperation): Planner {
  return (params, runtime): CallPlan | undefined => {
    if (!params || typeof params !== 'object') return undefined;
    const p = params as Params;
    const stream = p.stream === true;
    // Chat and completion streams report usage only when asked; costkit asks,
    // and hides the extra chunk, unless the app asked itself or turned this off.
    const inject = stream && STREAM_USAGE_OPERATIONS.has(operation) && runtime.injectStreamUsage && p.stream_options?.include_usage !== true;
    return {
      spec: { provider: 'openai', operation, model: String(p.model ?? 'unknown'), stream },
      prepare: inject
        ? (final) => ({ ...(final as Params), stream_options: { ...(final as Params).stream_options, include_usage: true } })
        : undefined,
      observe: (result, record) => observeApiPromise(result, record, openaiObservers(operation, inject)),
      bindRecord: bindStainlessRecord,
    };
  };
}
