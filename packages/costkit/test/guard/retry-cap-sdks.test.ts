import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { callEventSchema, withTags, type CallEvent } from '../../src/index.js';
import { RetryCapExceededError, withRetryCap } from '../../src/guard/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness({ init: { service: 'guard-test' } });
const waits: number[] = [];
const sleep = async (ms: number) => void waits.push(ms);

beforeEach(() => {
  waits.length = 0;
});

async function events(): Promise<Array<CallEvent & { retryGroup?: string; retryAttempt?: number }>> {
  await costkit.flush();
  const calls = h.sink.calls();
  for (const event of calls) callEventSchema.parse(event);
  return calls;
}

const messages = [{ role: 'user' as const, content: 'Extract the invoice total as JSON.' }];

describe('withRetryCap around real SDK calls', () => {
  it('caps a 429 storm (OpenAI) at maxAttempts, honours each Retry-After, and the events share a retryGroup', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    h.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 2 }, { times: 50 });
    const error = await withTags({ team: 'billing' }, () =>
      withRetryCap(({ signal }) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { signal }), {
        maxAttempts: 3,
        baseDelayMs: 100,
        maxDelayMs: 5000,
        sleep,
      }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryCapExceededError);
    const capped = error as RetryCapExceededError;
    expect(capped.attempts).toBe(3);
    expect(capped.cause).toBeInstanceOf(OpenAI.RateLimitError);
    expect(h.mock.exchanges).toHaveLength(3);
    expect(waits).toEqual([2000, 2000]);

    const calls = await events();
    expect(calls).toHaveLength(3);
    expect(calls.map((e) => e.status)).toEqual(['error', 'error', 'error']);
    expect(calls.map((e) => e.error?.status)).toEqual([429, 429, 429]);
    expect(calls.map((e) => e.retryAttempt)).toEqual([1, 2, 3]);
    expect(new Set(calls.map((e) => e.retryGroup))).toEqual(new Set([capped.retryGroup]));
    expect(calls.every((e) => e.tags.team === 'billing')).toBe(true);
  });

  it('without a Retry-After, spaces the attempts by its own backoff schedule (Anthropic 503 storm)', async () => {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    h.mock.fail({ type: 'status', status: 503 }, { times: 50 });
    const error = await withRetryCap(() => anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages }), {
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 300,
      sleep,
      random: () => 0.5,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'COSTKIT_RETRY_CAP', attempts: 5 });
    expect(h.mock.exchanges).toHaveLength(5);
    // ceilings 100, 200, 300 (maxDelayMs), 300; half of each.
    expect(waits).toEqual([50, 100, 150, 150]);
  });

  it('retries the app’s own code path: a call whose answer does not parse is called again, and only its cost is summed by group', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    let attempt = 0;
    const parsed = await withRetryCap(
      async () => {
        attempt++;
        const answer = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
        // The mock answers prose; pretend the second answer is the JSON we wanted.
        return attempt < 2 ? JSON.parse(answer.choices[0]!.message.content ?? '') : { total: 42 };
      },
      { maxAttempts: 3, sleep, random: () => 0.5, baseDelayMs: 100 },
    );
    expect(parsed).toEqual({ total: 42 });
    expect(waits).toEqual([50]);
    const calls = await events();
    expect(calls).toHaveLength(2);
    expect(calls.every((e) => e.status === 'ok')).toBe(true);
    expect(calls[0]!.retryGroup).toBe(calls[1]!.retryGroup);
    expect(calls.map((e) => e.retryAttempt)).toEqual([1, 2]);
    const groupCost = calls.reduce((sum, e) => sum + (e.cost?.total ?? 0), 0);
    expect(groupCost).toBeGreaterThan(calls[0]!.cost!.total);
  });

  it('stops on a 400 without another attempt, and gives each loop its own group', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    h.mock.fail({ type: 'status', status: 400 }, { times: 1 });
    const error = await withRetryCap(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }), { maxAttempts: 5, sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(h.mock.exchanges).toHaveLength(1);
    await withRetryCap(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }), { maxAttempts: 5, sleep });
    const calls = await events();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.retryGroup).not.toBe(calls[1]!.retryGroup);
  });

  it('honours retry-after-ms from Anthropic errors (529 overloaded)', async () => {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    h.mock.fail({ type: 'status', status: 529, retryAfterMs: 750 }, { times: 2 });
    const message = await withRetryCap(() => anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages }), {
      maxAttempts: 4,
      sleep,
    });
    expect(message.content.length).toBeGreaterThan(0);
    expect(waits).toEqual([750, 750]);
    const calls = await events();
    expect(calls.map((e) => [e.status, e.retryAttempt])).toEqual([
      ['error', 1],
      ['error', 2],
      ['ok', 3],
    ]);
    expect(new Set(calls.map((e) => e.retryGroup)).size).toBe(1);
  });

  it('does not retry an Anthropic 401', async () => {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    h.mock.fail({ type: 'status', status: 401 }, { times: 1 });
    const error = await withRetryCap(() => anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages }), { maxAttempts: 3, sleep }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(h.mock.exchanges).toHaveLength(1);
  });

  const retryInfo = (delay: string) => ({
    status: 429,
    json: {
      error: {
        code: 429,
        message: 'Resource has been exhausted (e.g. check quota).',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }],
      },
    },
  });

  it('honours Gemini RetryInfo through @google/genai', async () => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    h.mock.enqueue(retryInfo('3s'));
    h.mock.enqueue(retryInfo('1.5s'));
    const answer = await withRetryCap(() => ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Total?' }), { maxAttempts: 3, sleep });
    expect(answer.text).toBeTruthy();
    expect(waits).toEqual([3000, 1500]);
    const calls = await events();
    expect(calls.map((e) => e.retryAttempt)).toEqual([1, 2, 3]);
    expect(new Set(calls.map((e) => e.retryGroup)).size).toBe(1);
  });

  it('honours Gemini RetryInfo through @google/generative-ai, and does not retry its 403', async () => {
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url });
    h.mock.enqueue(retryInfo('2s'));
    const answer = await withRetryCap(() => model.generateContent('Total?'), { maxAttempts: 2, sleep });
    expect(answer.response.text()).toBeTruthy();
    expect(waits).toEqual([2000]);

    h.mock.fail({ type: 'status', status: 403 }, { times: 1 });
    const before = h.mock.exchanges.length;
    const error = await withRetryCap(() => model.generateContent('Total?'), { maxAttempts: 3, sleep }).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(403);
    expect(h.mock.exchanges.length - before).toBe(1);
  });

  it('an abort stops the loop and the SDK call it was passed to', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const controller = new AbortController();
    h.mock.fail({ type: 'status', status: 503 }, { times: 5 });
    const error = await withRetryCap(({ signal }) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { signal }), {
      maxAttempts: 5,
      signal: controller.signal,
      sleep: async () => controller.abort(),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(h.mock.exchanges).toHaveLength(1);
  });
});
