import type { Runtime } from '../../runtime.js';
import { wrapResourceMethods, type ResourceMethod, type StainlessPlan } from '../stainless/method.js';
import { observeApiPromise } from '../stainless/api-promise.js';
import { patchStainlessTransport } from '../stainless/transport.js';
import { openaiObservers, type OpenAIOperation } from './observe.js';
import { openaiBodyFields } from './request.js';
import { openai } from './index.js';

type Params = Record<string, any>;

/**
 * Only leaf `create` methods are wrapped, on the resources' prototypes:
 * `parse`, `stream`, `runTools` and `responses.stream` all call them, so each
 * is one event, once; plus the shared Stainless transport (attempts, the seam
 * before sending, request edits).
 */
const OPERATIONS: ReadonlyArray<[path: string[], operation: OpenAIOperation]> = [
  [['chat', 'completions'], 'chat.completions'],
  [['completions'], 'completions'],
  [['responses'], 'responses'],
  [['embeddings'], 'embeddings'],
];

const METHODS: readonly ResourceMethod[] = OPERATIONS.map(([path, operation]) => [path, 'create', planner(operation)] as const);

/** Patches the classes behind one OpenAI client (and so every client of that copy of the SDK). */
export function patchOpenAIClient(client: object): number {
  let patched = wrapResourceMethods('openai', client, METHODS);
  if (patchStainlessTransport('openai', client)) patched++;
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

/** True for an OpenAI client instance (for `instrument(client)`). */
export function isOpenAIClient(client: object): boolean {
  return typeof (client as any).chat?.completions?.create === 'function' && 'baseURL' in client;
}

const STREAM_USAGE_OPERATIONS = new Set<OpenAIOperation>(['chat.completions', 'completions']);

function planner(operation: OpenAIOperation) {
  const bodyFields = openaiBodyFields(operation);
  const spec = (model: string, stream: boolean) => ({ provider: 'openai' as const, operation, model, stream });
  return (args: readonly unknown[], _thisArg: unknown, runtime: Runtime): StainlessPlan | undefined => {
    const p = args[0] as Params | undefined;
    if (!p || typeof p !== 'object') return undefined;
    const stream = p.stream === true;
    // Chat and completion streams report usage only when asked; costkit asks,
    // and hides the extra chunk, unless the app asked itself or turned this off.
    const inject = stream && STREAM_USAGE_OPERATIONS.has(operation) && runtime.injectStreamUsage && p.stream_options?.include_usage !== true;
    const observers = openaiObservers(operation, inject);
    return {
      spec: spec(String(p.model ?? 'unknown'), stream),
      adapter: openai,
      edits: inject ? STREAM_USAGE : undefined,
      bodyFields,
      observe: (result, record) => observeApiPromise(result, record, observers),
    };
  };
}

const STREAM_USAGE = Object.freeze({ streamUsage: true });
