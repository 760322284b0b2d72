import type { CallRecord } from '../../recorder.js';
import { callInstrumented, sendAtEntry, type EntryPlan } from '../../instrument/call.js';
import { observeGenerator, settleOnPromise } from '../../instrument/settle.js';
import { wrapMethod } from '../../instrument/wrap.js';
import { bodyObserver, observeGenerateContentChunk, type GoogleOperation } from './observe.js';
import { genaiParams } from './request.js';
import { normalizeGoogleModel } from './usage.js';
import { google } from './index.js';

type Any = Record<string | symbol, any>;

/**
 * `@google/genai` (1.x, 2.x, 3.x): what is wrapped, on the prototypes.
 *
 * The public `ai.models.generateContent`, `generateContentStream` and (2.x+)
 * `embedContent` are arrow functions the Models constructor puts on each
 * instance, so no prototype patch reaches them and a client built before
 * `init()` could not be patched at all. Every one of them calls prototype
 * methods of Models, which are patched instead:
 *
 * - `generateContentWithContinuation` / `generateContentStreamWithContinuation`
 *   (2.x+): one logical call. With automatic continuation on (the default) the
 *   SDK may send several requests ("hops") and resume a broken stream, merging
 *   `usageMetadata` across hops into what it returns; each hop is an attempt.
 * - `generateContentInternal` / `generateContentStreamInternal`: one HTTP
 *   request. A call of its own in 1.x, or when continuation is off; a hop of
 *   the call above otherwise (the record travels in the params under a symbol,
 *   because later stream hops are opened while the app iterates, outside the
 *   call's async context; the SDK builds the body from known fields only, so
 *   it is never sent).
 * - `embedContentInternal` (2.x+) or `embedContent` (1.x), `countTokens`.
 * - `ApiClient.prototype.request` / `requestStream` and `apiCall`: every HTTP
 *   attempt, the SDK's own retries (`httpOptions.retryOptions`, 2.x+)
 *   included, is counted in `attempts` (see `sendingFor` below).
 *
 * Chats (`ai.chats.create().sendMessage*`) call `ai.models` and so are
 * covered once. With automatic function calling, each model round the SDK
 * sends is its own event.
 */
const CALL = Symbol.for('costkit.google.call');

const CALLS: ReadonlyArray<[method: string, operation: GoogleOperation, stream: boolean, hop: boolean]> = [
  ['generateContentWithContinuation', 'generateContent', false, false],
  ['generateContentStreamWithContinuation', 'generateContent', true, false],
  ['generateContentInternal', 'generateContent', false, true],
  ['generateContentStreamInternal', 'generateContent', true, true],
  ['countTokens', 'countTokens', false, false],
];

export function patchGenAIModule(mod: unknown): number {
  const m = mod as Any;
  const GoogleGenAI = m?.GoogleGenAI ?? m?.default?.GoogleGenAI;
  if (typeof GoogleGenAI !== 'function') return 0;
  // Construction sends nothing; `vertexai: false` keeps the environment from asking for a project.
  const probe = new GoogleGenAI({ apiKey: 'costkit-probe', vertexai: false });
  return patchGenAIClient(probe);
}

/** Patches the classes behind one GoogleGenAI client (and so every client of that copy of the SDK). */
export function patchGenAIClient(client: object): number {
  const models = (client as Any).models;
  if (!models || typeof models !== 'object') return 0;
  const proto = Object.getPrototypeOf(models);
  let patched = 0;
  for (const [method, operation, stream, hop] of CALLS) {
    if (wrapMethod('google', proto, method, (original) => wrapper(original, operation, stream, hop))) patched++;
  }
  const embed = typeof proto.embedContentInternal === 'function' ? 'embedContentInternal' : 'embedContent';
  if (wrapMethod('google', proto, embed, (original) => wrapper(original, 'embedContent', false, false))) patched++;
  const apiClient = models.apiClient ?? (client as Any).apiClient;
  if (apiClient) {
    const clientProto = Object.getPrototypeOf(apiClient);
    for (const method of ['request', 'requestStream']) {
      if (wrapMethod('google', clientProto, method, carryCallToAttempts)) patched++;
    }
    if (wrapMethod('google', clientProto, 'apiCall', countAttempts)) patched++;
  }
  return patched;
}

export function isGenAIClient(client: object): boolean {
  const c = client as Any;
  return typeof c.models?.generateContent === 'function' && typeof c.models?.generateContentStream === 'function';
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function wrapper(original: Method, operation: GoogleOperation, stream: boolean, hop: boolean): Method {
  const planner = plannerFor(operation, stream);
  // The record arrives in the params (callArgs); the SDK method is told which
  // call it sends for, so `request` below can hand it to each HTTP attempt.
  const sendFor = function (this: unknown, ...args: unknown[]) {
    const record = carriedCall(args[0]);
    return record ? sendingFor(record, original, this, args) : original.apply(this, args);
  };
  return function (this: unknown, ...args: unknown[]) {
    const owner = hop ? carriedCall(args[0]) : undefined;
    // A hop of a call already being recorded: its HTTP attempts count there.
    if (owner) return sendingFor(owner, original, this, args);
    return callInstrumented(sendFor, this, args, planner, sendAtEntry);
  };
}

/**
 * Which call the SDK is sending for, from a Models method to the HTTP
 * attempts inside `apiCall`, without an AsyncLocalStorage context per call
 * (on Node 20 the first `run()` of any AsyncLocalStorage turns on promise
 * hooks for the rest of the process, a tax on every promise the app makes).
 *
 * Every Models method costkit wraps calls `apiClient.request` or
 * `requestStream` before its first `await` (1.x to 3.x), so the record is
 * current for exactly that synchronous stretch. `request` then runs on a
 * per-call object whose prototype is the client, carrying the record, and
 * reaches `apiCall` through `this` after its own awaits. ApiClient keeps no
 * private fields and writes to `this` only in its constructor, so the
 * stand-in behaves as the client itself.
 */
let sending: CallRecord | undefined;

function sendingFor(record: CallRecord, original: Method, thisArg: unknown, args: unknown[]): unknown {
  const outer = sending;
  sending = record;
  try {
    return original.apply(thisArg, args);
  } finally {
    sending = outer;
  }
}

function carryCallToAttempts(original: Method): Method {
  return function (this: unknown, ...args: unknown[]) {
    const record = sending;
    if (record === undefined || typeof this !== 'object' || this === null) return original.apply(this, args);
    // Only the first request of the stretch is the call's own.
    sending = undefined;
    const client = Object.create(this) as Any;
    client[CALL] = record;
    return original.apply(client, args);
  };
}

/** The call a params object (or the client stand-in below) carries under CALL. */
function carriedCall(holder: unknown): CallRecord | undefined {
  const record = (holder as Any | undefined)?.[CALL];
  return isRecord(record) ? record : undefined;
}

// Duck-typed: the CJS and ESM builds of costkit each have their own CallRecord class.
function isRecord(value: unknown): value is CallRecord {
  return typeof value === 'object' && value !== null && typeof (value as CallRecord).succeed === 'function' && 'attempts' in value;
}

function plannerFor(operation: GoogleOperation, stream: boolean) {
  const observeBody = bodyObserver(operation);
  return (args: readonly unknown[]): EntryPlan | undefined => {
    const p = args[0] as Any | undefined;
    if (!p || typeof p !== 'object') return undefined;
    const signal = p.config?.abortSignal as AbortSignal | undefined;
    return {
      spec: { provider: 'google', operation, model: normalizeGoogleModel(p.model), stream },
      adapter: google,
      // The record always travels in a copy of the params (see CALL above), with any edits.
      callArgs: (thisArg, callArgs, edits, record) => {
        const params: Any = edits ? genaiParams(callArgs[0] as Any, edits) : { ...(callArgs[0] as Any) };
        params[CALL] = record;
        return [thisArg, [params, ...callArgs.slice(1)]];
      },
      observe: (result, record) => {
        if (stream) {
          settleOnPromise(result, record, (generator) => observeGenerator(generator, record, observeGenerateContentChunk, signal), signal);
        } else {
          settleOnPromise(result, record, (body) => {
            observeBody(body, record);
            record.succeed();
          }, signal);
        }
      },
    };
  };
}

/**
 * `apiCall(url, init, retryOptions, timeout, signal, fetch)` (2.x+) retries
 * inside, calling `fetch` once per attempt: the attempt counter is slipped in
 * as that `fetch`, calling the one the SDK would have used. In 1.x
 * `apiCall(url, init)` is itself one attempt.
 */
function countAttempts(original: Method): Method {
  return function apiCall(this: unknown, ...args: unknown[]) {
    const record = carriedCall(this);
    if (!record) return original.apply(this, args);
    if (original.length < 6) {
      record.attempts++;
      return original.apply(this, args);
    }
    const sdkFetch = args[5] as typeof fetch | undefined;
    const counted = args.slice();
    counted[5] = function (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) {
      record.attempts++;
      return (sdkFetch ?? globalThis.fetch)(input, init);
    };
    return original.apply(this, counted);
  };
}
