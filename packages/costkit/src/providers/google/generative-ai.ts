import type { CallRecord } from '../../recorder.js';
import { callInstrumented, sendAtEntry, type EntryPlan } from '../../instrument/call.js';
import { observeGenerator, settleOnPromise, settleWhenCollected } from '../../instrument/settle.js';
import { wrapMethod } from '../../instrument/wrap.js';
import { bodyObserver, observeGenerateContent, observeGenerateContentChunk, type GoogleOperation } from './observe.js';
import { generativeCall } from './request.js';
import { normalizeGoogleModel } from './usage.js';
import { google } from './index.js';

type Any = Record<string, any>;

/**
 * `@google/generative-ai` (0.2x): what is wrapped, on the prototypes.
 *
 * - `GenerativeModel.prototype`: generateContent, generateContentStream,
 *   countTokens, embedContent, batchEmbedContents.
 * - `ChatSession.prototype`: sendMessage, sendMessageStream. They call the
 *   SDK's internal request functions directly, not the model's methods, so
 *   wrapping the model alone would miss every chat call; and since they never
 *   go through the model's methods, nothing is counted twice.
 *
 * The SDK does not retry: every call is one HTTP attempt.
 */
const MODEL_METHODS: ReadonlyArray<[method: string, operation: GoogleOperation, stream: boolean]> = [
  ['generateContent', 'generateContent', false],
  ['generateContentStream', 'generateContent', true],
  ['countTokens', 'countTokens', false],
  ['embedContent', 'embedContent', false],
  ['batchEmbedContents', 'embedContent', false],
];
const CHAT_METHODS: ReadonlyArray<[method: string, operation: GoogleOperation, stream: boolean]> = [
  ['sendMessage', 'generateContent', false],
  ['sendMessageStream', 'generateContent', true],
];

export function patchGenerativeAIModule(mod: unknown): number {
  const m = mod as Any;
  const GenerativeModel = m?.GenerativeModel ?? m?.default?.GenerativeModel;
  const ChatSession = m?.ChatSession ?? m?.default?.ChatSession;
  let patched = 0;
  if (typeof GenerativeModel === 'function') patched += wrapAll(GenerativeModel.prototype, MODEL_METHODS);
  if (typeof ChatSession === 'function') patched += wrapAll(ChatSession.prototype, CHAT_METHODS);
  return patched;
}

/** `instrument()` for a GoogleGenerativeAI, a GenerativeModel or a ChatSession. */
export function patchGenerativeAIClient(client: object): number {
  const c = client as Any;
  let model: Any | undefined;
  let chat: Any | undefined;
  if (typeof c.getGenerativeModel === 'function') model = c.getGenerativeModel({ model: 'costkit-probe' });
  else if (typeof c.startChat === 'function') model = c;
  else if (typeof c.sendMessage === 'function') chat = c;
  if (model && typeof model.startChat === 'function') chat = model.startChat();
  let patched = 0;
  if (model) patched += wrapAll(Object.getPrototypeOf(model), MODEL_METHODS);
  if (chat) patched += wrapAll(Object.getPrototypeOf(chat), CHAT_METHODS);
  return patched;
}

export function isGenerativeAIClient(client: object): boolean {
  const c = client as Any;
  return (
    typeof c.getGenerativeModel === 'function' ||
    (typeof c.generateContentStream === 'function' && typeof c.startChat === 'function') ||
    (typeof c.sendMessageStream === 'function' && typeof c.getHistory === 'function')
  );
}

function wrapAll(proto: object, methods: ReadonlyArray<[string, GoogleOperation, boolean]>): number {
  let patched = 0;
  for (const [method, operation, stream] of methods) {
    const plan = planner(operation, stream);
    if (wrapMethod('google', proto, method, (original) => function (this: unknown, ...args: unknown[]) {
      return callInstrumented(original, this, args, plan, sendAtEntry);
    })) patched++;
  }
  return patched;
}

/**
 * The model is the instance's (`models/gemini-…`, normalized), not the
 * request's: requests to this SDK may be a bare string. The abort signal is a
 * per-request option over the model's own request options.
 */
function planner(operation: GoogleOperation, stream: boolean) {
  const observeBody = bodyObserver(operation);
  return (args: readonly unknown[], thisArg: unknown): EntryPlan => {
    const target = thisArg as Any;
    const signal = ((args[1] as Any | undefined)?.signal ?? target?._requestOptions?.signal) as AbortSignal | undefined;
    return {
      spec: { provider: 'google', operation, model: normalizeGoogleModel(target?.model), stream },
      adapter: google,
      callArgs: (self, callArgs, edits) => (edits ? generativeCall(self as Any, callArgs, edits) : undefined),
      observe: (result, record) => {
        // The SDK does not retry: every call is one HTTP attempt.
        record.attempts = 1;
        if (stream) settleOnPromise<Any>(result, record, (value) => observeStreamResult(value, record, signal), signal);
        else {
          settleOnPromise<Any>(result, record, (value) => {
            // generateContent / sendMessage resolve to `{ response }`; the others to the body itself.
            observeBody(operation === 'generateContent' ? value?.response : value, record);
            record.succeed();
          }, signal);
        }
      },
    };
  };
}

/**
 * A stream result is `{ stream, response }`: the SDK tees the body, so the
 * aggregated `response` settles however the app reads. When the app reads
 * `stream`, the chunks decide (their cumulative usage, and `break` is aborted);
 * an app that only awaits `response` gets the event from the aggregate (whose
 * usage is the last chunk's).
 */
function observeStreamResult(result: Any, record: CallRecord, signal?: AbortSignal): void {
  if (!result || typeof result !== 'object') {
    record.succeed();
    return;
  }
  let reading = false;
  // A generator the app drops is not watched at first: `response` settles the
  // call anyway, and an app that keeps only `response` drops it on purpose.
  // Only one the app started reading is watched, once the body is complete.
  observeGenerator(result.stream, record, observeGenerateContentChunk, signal, false);
  const stream = result.stream as Any | undefined;
  const next = stream?.next;
  if (typeof next === 'function') {
    stream!.next = function (this: unknown, ...args: unknown[]) {
      reading = true;
      return next.apply(this, args);
    };
  }
  const response = result.response as PromiseLike<Any> | undefined;
  if (!response || typeof response.then !== 'function') return;
  response.then(
    (aggregate) => {
      if (reading) {
        if (stream) settleWhenCollected(stream, record);
        return;
      }
      observeGenerateContent(aggregate, record);
      record.succeed();
    },
    (error: unknown) => {
      if (!reading) record.fail(error, signal?.aborted === true);
    },
  );
}
