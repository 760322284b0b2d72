import type { CallRecord } from '../../recorder.js';
import { reportInternalError } from '../../diagnostics.js';
import { trackPending } from '../../instrument/pending.js';
import { settleOnPromise, type ItemObserver } from '../../instrument/settle.js';
import { isSdkStream, observeSdkStream } from './stream.js';
import { releaseTransportCall } from './transport.js';

/** Fills the record from a parsed (non-stream) response body. */
export type BodyObserver = (body: unknown, record: CallRecord) => void;

export interface ResponseObservers {
  body: BodyObserver;
  streamItem: ItemObserver;
}

interface StainlessPromiseShape {
  responsePromise?: unknown;
  parseResponse?: unknown;
  asResponse?: unknown;
  _thenUnwrap?: unknown;
}

/**
 * Observes the APIPromise the OpenAI and Anthropic SDKs return, without awaiting
 * it: awaiting would parse the body early and break `.asResponse()`. Instead the
 * promise's own lazy parse step is wrapped, so costkit sees the body exactly when
 * (and if) the app asks for it, and the same APIPromise goes back to the app.
 */
export function observeApiPromise(promise: unknown, record: CallRecord, observers: ResponseObservers): void {
  const target = promise as StainlessPromiseShape;
  if (!target || !(target.responsePromise instanceof Promise) || typeof target.parseResponse !== 'function') {
    observePlainPromise(promise, record, observers);
    return;
  }
  const watch = new ApiPromiseWatch(record, observers);

  target.responsePromise.then(
    (props: unknown) => watch.responded(props),
    (error: unknown) => watch.failed(error),
  );

  const parse = target.parseResponse as (...args: unknown[]) => unknown;
  target.parseResponse = function (this: unknown, ...args: unknown[]) {
    watch.parseStarted = true;
    return Promise.resolve(parse.apply(this, args)).then(
      (result) => {
        watch.parsed(result);
        return result;
      },
      (error: unknown) => {
        watch.failed(error);
        throw error;
      },
    );
  };

  // openai 7.x gives each APIPromise its own `_thenUnwrap`, which parses through
  // a captured function rather than `this.parseResponse`: the transform it is
  // given is where the parent's parsed body passes.
  const thenUnwrap = target._thenUnwrap;
  if (typeof thenUnwrap === 'function') {
    target._thenUnwrap = function (this: unknown, transform: (data: unknown, props: unknown) => unknown, ...rest: unknown[]) {
      return (thenUnwrap as (...a: unknown[]) => unknown).call(
        this,
        (data: unknown, props: unknown) => {
          watch.parsed(data);
          return transform(data, props);
        },
        ...rest,
      );
    };
  }

  // `.asResponse()` alone never parses: read the usage from a clone of the body
  // (a finished JSON body; a stream is reported without usage rather than read twice).
  const asResponse = target.asResponse;
  if (typeof asResponse === 'function') {
    target.asResponse = function (this: unknown, ...args: unknown[]) {
      const raw = (asResponse as (...a: unknown[]) => Promise<Response>).apply(this, args);
      // Decided when the response arrives, not now: `.withResponse()` (and the
      // Anthropic MessageStream, which uses it) asks for both, and its parse
      // starts just before the raw response resolves.
      raw.then(
        (response) => watch.rawResponse(response),
        () => undefined,
      );
      return raw;
    };
  }
}

/**
 * One APIPromise's observation, shared by the wrappers installed on it. They
 * hold this, not the record, and the record is let go as soon as the call's
 * outcome is handed on: the SDK keeps an APIPromise reachable past
 * young-generation collections, and with it every finished record (its usage,
 * tags and annotations) was copied and promoted too.
 */
class ApiPromiseWatch {
  /** Set when this promise's own parse starts: `.withResponse()` asks for the raw response too, which must not be read then. */
  parseStarted = false;

  constructor(
    private record: CallRecord | undefined,
    private readonly observers: ResponseObservers,
  ) {}

  /** The final attempt's response is in: its request id, and the transport lets go of the call. */
  responded(props: unknown): void {
    releaseTransportCall(props);
    const record = this.record;
    const headers = (props as { response?: Response } | undefined)?.response?.headers;
    if (!record || !headers) return;
    // OpenAI sends x-request-id, Anthropic request-id: the final attempt's id.
    record.requestId = headers.get('x-request-id') ?? headers.get('request-id') ?? record.requestId;
  }

  /** The body, parsed through this promise or a child made by `_thenUnwrap` (`parse()`, the stream helpers): the first one is observed. */
  parsed(result: unknown): void {
    const record = this.take();
    if (record) onResult(result, record, this.observers);
  }

  failed(error: unknown): void {
    this.take()?.fail(error);
  }

  /** `.asResponse()` without a parse: the usage is read from a clone. */
  rawResponse(response: Response): void {
    if (this.parseStarted) return;
    const record = this.take();
    if (record) observeRawResponse(response, record, this.observers);
  }

  private take(): CallRecord | undefined {
    const record = this.record;
    this.record = undefined;
    return record;
  }
}

function onResult(result: unknown, record: CallRecord, observers: ResponseObservers): void {
  if (isSdkStream(result)) {
    observeSdkStream(result, record, observers.streamItem);
    return;
  }
  observeBody(observers, result, record);
  record.succeed();
}

function observeRawResponse(response: Response, record: CallRecord, observers: ResponseObservers): void {
  if (record.spec.stream || !response.headers.get('content-type')?.includes('json')) {
    record.succeed();
    return;
  }
  const reading = response
    .clone()
    .json()
    .then(
      (body) => {
        observeBody(observers, body, record);
        record.succeed();
      },
      // The app holds the Response; an unreadable clone is reported without usage.
      () => record.succeed(),
    );
  trackPending(reading);
}

// For a return value that is not the APIPromise shape costkit knows (an SDK
// version it has not seen): a plain promise can be observed with then().
function observePlainPromise(promise: unknown, record: CallRecord, observers: ResponseObservers): void {
  settleOnPromise(promise, record, (result) => onResult(result, record, observers));
}

/** Reads a body into the record; an observer's own bug is reported, never thrown into the call. */
function observeBody(observers: ResponseObservers, body: unknown, record: CallRecord): void {
  try {
    observers.body(body, record);
  } catch (error) {
    reportInternalError('response observer', error);
  }
}
