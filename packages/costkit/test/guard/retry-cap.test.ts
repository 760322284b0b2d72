import { afterEach, describe, expect, it, vi } from 'vitest';
import { CostkitError, RetryCapExceededError, ScopeLimitExceededError, backoffMs, isRetryable, retryAfterMs, withRetryCap } from '../../src/guard/index.js';

/** An injected clock: records every wait, never waits. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function statusError(status: number, headers?: Record<string, string> | Headers, name = 'APIError'): Error {
  const error = new Error(`${status} status code`) as Error & { status: number; headers: unknown };
  error.name = name;
  error.status = status;
  error.headers = headers;
  return error;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('withRetryCap', () => {
  it('returns the first success, trying no more than needed', async () => {
    const { sleep, waits } = fakeSleep();
    let calls = 0;
    const result = await withRetryCap(() => (++calls < 3 ? Promise.reject(statusError(500)) : 'ok'), { maxAttempts: 5, sleep, random: () => 0.5 });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('caps a storm at maxAttempts and throws RetryCapExceededError with the attempts and the last error as cause', async () => {
    const { sleep, waits } = fakeSleep();
    const errors: Error[] = [];
    const promise = withRetryCap(
      ({ attempt }) => {
        const error = statusError(429);
        error.message = `429 #${attempt}`;
        errors.push(error);
        throw error;
      },
      { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, sleep, random: () => 0.999 },
    );
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryCapExceededError);
    expect(error).toBeInstanceOf(CostkitError);
    const capped = error as RetryCapExceededError;
    expect(capped.code).toBe('COSTKIT_RETRY_CAP');
    expect(capped.attempts).toBe(4);
    expect(capped.cause).toBe(errors[3]);
    expect(capped.retryGroup).toMatch(/^[0-9a-f-]{36}$/);
    expect(capped.message).toContain('gave up after 4 attempts');
    expect(capped.message).toContain('maxAttempts: 4');
    expect(capped.message).toContain('429 #4');
    expect(errors).toHaveLength(4);
    // No wait after the last attempt.
    expect(waits).toHaveLength(3);
  });

  it('waits an exponential backoff with full jitter, capped by maxDelayMs', async () => {
    const { sleep, waits } = fakeSleep();
    const randoms = [0.5, 0.25, 0.999, 0.5, 0];
    await withRetryCap(() => Promise.reject(statusError(503)), {
      maxAttempts: 6,
      baseDelayMs: 100,
      maxDelayMs: 500,
      sleep,
      random: () => randoms.shift()!,
    }).catch(() => undefined);
    // ceilings 100, 200, 400, 500 (capped), 500; waits are random * ceiling.
    expect(waits).toEqual([50, 50, 399, 250, 0]);
  });

  it('backoffMs: the ceiling doubles per attempt up to maxDelayMs; the wait is below it', () => {
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffMs(a, 250, 3000, () => 0.9999999))).toEqual([249, 499, 999, 1999, 2999, 2999]);
    expect(backoffMs(3, 250, 3000, () => 0)).toBe(0);
  });

  it('runs on the default setTimeout clock (fake timers), attempts spaced by the schedule', async () => {
    vi.useFakeTimers();
    const startedAt: number[] = [];
    const promise = withRetryCap(
      () => {
        startedAt.push(Date.now());
        return Promise.reject(statusError(500));
      },
      { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, random: () => 0.5 },
    );
    const settled = promise.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await settled).toBeInstanceOf(RetryCapExceededError);
    expect(startedAt.map((t) => t - startedAt[0]!)).toEqual([0, 500, 1500]);
  });

  it('honours Retry-After instead of its own backoff', async () => {
    const { sleep, waits } = fakeSleep();
    let calls = 0;
    await withRetryCap(
      () => {
        calls++;
        if (calls === 1) throw statusError(429, new Headers({ 'retry-after': '3' }));
        if (calls === 2) throw statusError(429, { 'retry-after-ms': '1250' });
        return 'ok';
      },
      { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 5000, sleep, random: () => 0 },
    );
    expect(waits).toEqual([3000, 1250]);
  });

  it('gives up at once when the provider asks to wait longer than maxDelayMs', async () => {
    const { sleep, waits } = fakeSleep();
    const error = await withRetryCap(() => Promise.reject(statusError(429, { 'retry-after': '120' })), { maxAttempts: 5, maxDelayMs: 10_000, sleep }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetryCapExceededError);
    expect((error as RetryCapExceededError).attempts).toBe(1);
    expect((error as Error).message).toContain('asked to wait 120000 ms, longer than maxDelayMs: 10000');
    expect(waits).toEqual([]);
  });

  it.each([400, 401, 403, 404, 413, 422])('does not retry a %i: the error is thrown as is', async (status) => {
    const { sleep } = fakeSleep();
    const thrown = statusError(status);
    let calls = 0;
    const error = await withRetryCap(
      () => {
        calls++;
        throw thrown;
      },
      { maxAttempts: 5, sleep },
    ).catch((e: unknown) => e);
    expect(error).toBe(thrown);
    expect(calls).toBe(1);
  });

  it('retries 408, 409, 429, 5xx, connection errors and the app’s own errors (a JSON answer that does not parse)', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 529]) expect(isRetryable(statusError(status), 1)).toBe(true);
    expect(isRetryable(Object.assign(new Error('Connection error.'), { name: 'APIConnectionError', status: undefined }), 1)).toBe(true);
    expect(isRetryable(new SyntaxError('Unexpected token'), 1)).toBe(true);
    expect(isRetryable('a string', 1)).toBe(true);
  });

  it('follows x-should-retry over the status, as the Stainless SDKs do', () => {
    expect(isRetryable(statusError(500, new Headers({ 'x-should-retry': 'false' })), 1)).toBe(false);
    expect(isRetryable(statusError(400, { 'x-should-retry': 'true' }), 1)).toBe(true);
  });

  it('never retries an abort or a costkit refusal, whatever retryOn says', () => {
    const abort = new DOMException('aborted', 'AbortError');
    const userAbort = Object.assign(new Error('Request was aborted.'), { name: 'APIUserAbortError' });
    const refusal = new ScopeLimitExceededError({ limit: 'maxCalls', value: 1, spent: 1, scopeTags: {}, source: 'withTags' });
    for (const error of [abort, userAbort, refusal]) expect(isRetryable(error, 1, () => true)).toBe(false);
    expect(isRetryable(Object.assign(new Error('bad input'), { name: 'GoogleGenerativeAIRequestInputError' }), 1)).toBe(false);
  });

  it('lets retryOn replace the status rules', async () => {
    const { sleep } = fakeSleep();
    const seen: number[] = [];
    let calls = 0;
    const error = await withRetryCap(
      () => {
        calls++;
        throw statusError(calls === 1 ? 400 : 500);
      },
      {
        maxAttempts: 5,
        sleep,
        retryOn: (e, attempt) => {
          seen.push(attempt);
          return (e as { status: number }).status === 400;
        },
      },
    ).catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect((error as { status: number }).status).toBe(500);
  });

  it('stops on its AbortSignal: no attempt after an abort, and a pending wait ends with the reason', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let calls = 0;
    const promise = withRetryCap(
      ({ signal }) => {
        calls++;
        expect(signal).toBe(controller.signal);
        throw statusError(503);
      },
      { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.5, signal: controller.signal },
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);
    controller.abort(new Error('request finished'));
    const error = await promise;
    expect((error as Error).message).toBe('request finished');
    expect(calls).toBe(1);
    // Nothing left scheduled.
    expect(vi.getTimerCount()).toBe(0);

    const aborted = AbortSignal.abort();
    let never = 0;
    await expect(withRetryCap(() => ++never, { maxAttempts: 3, signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
    expect(never).toBe(0);
  });

  it('throws the attempt’s own error when the signal fired during it (the SDK’s abort error)', async () => {
    const controller = new AbortController();
    const sdkAbort = Object.assign(new Error('Request was aborted.'), { name: 'APIUserAbortError' });
    const error = await withRetryCap(
      () => {
        controller.abort();
        throw sdkAbort;
      },
      { maxAttempts: 3, signal: controller.signal },
    ).catch((e: unknown) => e);
    expect(error).toBe(sdkAbort);
  });

  it('tells onRetry about each wait', async () => {
    const { sleep } = fakeSleep();
    const retries: unknown[] = [];
    await withRetryCap(() => Promise.reject(statusError(500)), {
      maxAttempts: 3,
      baseDelayMs: 100,
      sleep,
      random: () => 0.5,
      onRetry: ({ attempt, delayMs, retryGroup }) => retries.push({ attempt, delayMs, group: typeof retryGroup }),
    }).catch(() => undefined);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 50, group: 'string' },
      { attempt: 2, delayMs: 100, group: 'string' },
    ]);
  });

  it('refuses to run without a cap', async () => {
    await expect(withRetryCap(() => 1, undefined as never)).rejects.toThrow(/options are required/);
    await expect(withRetryCap(() => 1, { maxAttempts: 0 })).rejects.toThrow(/maxAttempts must be a whole number >= 1/);
    await expect(withRetryCap(() => 1, { maxAttempts: Infinity })).rejects.toThrow(/maxAttempts/);
    await expect(withRetryCap(() => 1, { maxAttempts: 2, baseDelayMs: -1 })).rejects.toThrow(/baseDelayMs/);
    await expect(withRetryCap(() => 1, { maxAttempts: 2, sleep: 5 as never })).rejects.toThrow(/sleep must be a function/);
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    expect(retryAfterMs(statusError(429, new Headers({ 'retry-after-ms': '20', 'retry-after': '5' })))).toBe(20);
    expect(retryAfterMs(statusError(429, new Headers({ 'retry-after': '1.5' })))).toBe(1500);
    // openai 4.x keeps headers as a plain record
    expect(retryAfterMs(statusError(429, { 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs(statusError(429, { 'retry-after': 'Sun, 22 Nov 2026 10:00:07 GMT' }), now)).toBe(7000);
    expect(retryAfterMs(statusError(429, { 'retry-after': 'Sun, 22 Nov 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(statusError(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(statusError(429))).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('reads Gemini RetryInfo from @google/generative-ai errorDetails and from the @google/genai JSON message', () => {
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' };
    const generativeAi = Object.assign(new Error('[429 Too Many Requests] quota'), { status: 429, errorDetails: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }, retryInfo] });
    expect(retryAfterMs(generativeAi)).toBe(37_000);
    const genai = Object.assign(new Error(JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ ...retryInfo, retryDelay: '0.25s' }] } })), { status: 429 });
    expect(retryAfterMs(genai)).toBe(250);
    const asObject = Object.assign(new Error('x'), { errorDetails: [{ ...retryInfo, retryDelay: { seconds: 2, nanos: 500_000_000 } }] });
    expect(retryAfterMs(asObject)).toBe(2500);
    expect(retryAfterMs(Object.assign(new Error('{"error":{"details":[]}}'), { status: 429 }))).toBeUndefined();
  });
});
