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

  target.responsePromise.then(
    (props: unknown) => {
      releaseTransportCall(props);
      const headers = (props as { response?: Response } | undefined)?.response?.headers;
      if (!headers) return;
      // OpenAI sends x-request-id, Anthropic request-id: the final attempt's id.
      record.requestId = headers.get('x-request-id') ?? headers.get('request-id') ?? record.requestId;
    },
    (error: unknown) => record.fail(error),
  );

  let parseStarted = false;
  let observed = false;
  // The body may be parsed through this promise or through a child made by
  // `_thenUnwrap` (`parse()`, the stream helpers); whichever comes first is observed.
  const observeOnce = (result: unknown) => {
    if (observed) return;
    observed = true;
    onResult(result, record, observers);
  };
  const parse = target.parseResponse as (...args: unknown[]) => unknown;
  target.parseResponse = function (this: unknown, ...args: unknown[]) {
    parseStarted = true;
    return Promise.resolve(parse.apply(this, args)).then(
      (result) => {
        observeOnce(result);
        return result;
      },
      (error: unknown) => {
        record.fail(error);
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
          parseStarted = true;
          observeOnce(data);
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
        (response) => {
          if (!parseStarted) observeRawResponse(response, record, observers);
        },
        () => undefined,
      );
      return raw;
    };
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
