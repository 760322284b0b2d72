import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { guardEventSchema, scopeUsage, withTags, type GuardEvent, type InitOptions } from '../../src/index.js';
import { ScopeLimitExceededError, withRetryCap } from '../../src/guard/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness({ init: false });
let openai: OpenAI;

const messages = [{ role: 'user' as const, content: 'Plan the next step.' }];
const ask = () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages });

const start = (guard?: InitOptions['guard']) => h.start({ service: 'guard-test', guard });

beforeEach(async () => {
  openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
  await start();
});

async function guardEvents(): Promise<GuardEvent[]> {
  await costkit.flush();
  return h.sink.events.filter((e): e is GuardEvent => e.schema === 'costkit.guard/1').map((e) => guardEventSchema.parse(e));
}

describe('withTags(tags, fn, { maxCalls })', () => {
  it('stops a runaway agent loop at its call cap, before the next call is sent', async () => {
    let steps = 0;
    const error = await withTags({ team: 'support', feature: 'agent' }, async () => {
      for (;;) {
        await ask();
        steps++;
      }
    }, { maxCalls: 3 }).catch((e: unknown) => e);

    expect(steps).toBe(3);
    expect(h.mock.exchanges).toHaveLength(3);
    expect(error).toBeInstanceOf(ScopeLimitExceededError);
    expect(error).toMatchObject({ code: 'COSTKIT_SCOPE_LIMIT', limit: 'maxCalls', value: 3, spent: 3, source: 'withTags', scopeTags: { team: 'support', feature: 'agent' } });
    const message = (error as Error).message;
    expect(message).toContain("the scope { team: 'support', feature: 'agent' } has made 3 calls");
    expect(message).toContain('withTags(tags, fn, { maxCalls: 3 })');
    expect(message).toContain('Raise maxCalls there');

    const guards = await guardEvents();
    expect(guards).toHaveLength(1);
    expect(guards[0]).toMatchObject({
      guard: 'scopeLimit',
      action: 'refused',
      provider: 'openai',
      model: 'gpt-4o-mini',
      limit: 'maxCalls',
      value: 3,
      spent: 3,
      tags: { team: 'support', feature: 'agent' },
    });
    expect(guards[0]!.detail).toBe(message);
    // Refused calls leave no call event.
    expect(h.sink.calls()).toHaveLength(3);
  });

  it('counts calls in flight: five at once against a cap of three sends three', async () => {
    const results = await withTags({ team: 'batch' }, () => Promise.allSettled([ask(), ask(), ask(), ask(), ask()]), { maxCalls: 3 });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(h.mock.exchanges).toHaveLength(3);
  });

  it('does not count a refused call, and a cap of 0 refuses every call', async () => {
    await withTags({ team: 'x' }, async () => {
      await ask();
      await expect(ask()).rejects.toBeInstanceOf(ScopeLimitExceededError);
      await expect(ask()).rejects.toBeInstanceOf(ScopeLimitExceededError);
      expect(scopeUsage()).toMatchObject({ calls: 1, limits: { maxCalls: 1 } });
    }, { maxCalls: 1 });
    await withTags({ team: 'y' }, () => expect(ask()).rejects.toBeInstanceOf(ScopeLimitExceededError), { maxCalls: 0 });
    expect(h.mock.exchanges).toHaveLength(1);
  });

  it('holds a parent’s cap inside nested scopes, naming the scope that hit it', async () => {
    const error = await withTags({ team: 'search' }, async () => {
      await withTags({ feature: 'rerank' }, () => ask());
      await withTags({ feature: 'summarize' }, async () => {
        await ask();
        await ask();
      });
    }, { maxCalls: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ limit: 'maxCalls', scopeTags: { team: 'search' } });
    expect(h.mock.exchanges).toHaveLength(2);
    const [refused] = await guardEvents();
    // The event carries the call's own (innermost) tags, and the scope's in scopeTags.
    expect(refused).toMatchObject({ tags: { team: 'search', feature: 'summarize' }, scopeTags: { team: 'search' } });
  });

  it('an inner cap tighter than the outer one trips first', async () => {
    await withTags({ team: 'search' }, async () => {
      await withTags({ feature: 'rerank' }, async () => {
        await ask();
        await expect(ask()).rejects.toMatchObject({ scopeTags: { team: 'search', feature: 'rerank' }, value: 1 });
      }, { maxCalls: 1 });
      await ask();
    }, { maxCalls: 5 });
    expect(h.mock.exchanges).toHaveLength(2);
  });

  it('refuses across providers: Anthropic, genai and generative-ai calls count the same', async () => {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url });
    await withTags({ team: 'mixed' }, async () => {
      await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages });
      await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      await expect(model.generateContent('hi')).rejects.toBeInstanceOf(ScopeLimitExceededError);
      await expect(model.startChat().sendMessage('hi')).rejects.toBeInstanceOf(ScopeLimitExceededError);
      await expect(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages })).rejects.toBeInstanceOf(ScopeLimitExceededError);
    }, { maxCalls: 2 });
    expect(h.mock.exchanges).toHaveLength(2);
  });

  it('is not retried by withRetryCap: a refusal ends the loop at once', async () => {
    let attempts = 0;
    await withTags({ team: 'x' }, async () => {
      await ask();
      await expect(withRetryCap(() => (attempts++, ask()), { maxAttempts: 5, sleep: async () => {} })).rejects.toBeInstanceOf(ScopeLimitExceededError);
    }, { maxCalls: 1 });
    expect(attempts).toBe(1);
  });
});

describe('withTags(tags, fn, { maxCostUsd })', () => {
  it('refuses the next call once the scope has spent its cap', async () => {
    let first = 0;
    const error = await withTags({ team: 'research' }, async () => {
      await ask();
      first = scopeUsage()!.costUsd;
      await ask();
    }, { maxCostUsd: 0.000001 }).catch((e: unknown) => e);
    expect(first).toBeGreaterThan(0.000001);
    expect(h.mock.exchanges).toHaveLength(1);
    expect(error).toMatchObject({ limit: 'maxCostUsd', value: 0.000001, spent: first, source: 'withTags' });
    expect((error as Error).message).toMatch(/has spent \$0\.00000\d+, reaching its maxCostUsd limit of \$0\.000001 set by withTags\(tags, fn, \{ maxCostUsd: 0\.000001 \}\)/);
    const [refused] = await guardEvents();
    expect(refused).toMatchObject({ guard: 'scopeLimit', action: 'refused', limit: 'maxCostUsd', spent: first });
  });

  it('charges a stream’s cost when it finishes, to every enclosing scope', async () => {
    await withTags({ team: 'outer' }, async () => {
      await withTags({ feature: 'inner' }, async () => {
        const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
        for await (const _ of stream);
        await costkit.flush();
        expect(scopeUsage()!.costUsd).toBeGreaterThan(0);
      });
      await expect(ask()).rejects.toMatchObject({ limit: 'maxCostUsd', scopeTags: { team: 'outer' } });
    }, { maxCostUsd: 0.000001 });
  });
});

describe('init({ guard: { scopeLimits } })', () => {
  it('gives every scope without limits of its own the defaults, field by field', async () => {
    await start({ scopeLimits: { maxCalls: 2, maxCostUsd: 1 } });
    const error = await withTags({ team: 'a' }, async () => {
      await ask();
      await ask();
      await ask();
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ limit: 'maxCalls', value: 2, source: 'init' });
    expect((error as Error).message).toContain('init({ guard: { scopeLimits: { maxCalls: 2 } } }), the default for scopes that set no maxCalls of their own');

    // Its own maxCalls wins; the default maxCostUsd still holds.
    h.mock.reset();
    await withTags({ team: 'b' }, async () => {
      for (let i = 0; i < 4; i++) await ask();
    }, { maxCalls: 4 });
    expect(h.mock.exchanges).toHaveLength(4);

    await start({ scopeLimits: { maxCostUsd: 0.000001 } });
    await withTags({ team: 'c' }, async () => {
      await ask();
      await expect(ask()).rejects.toMatchObject({ limit: 'maxCostUsd', source: 'init' });
    }, { maxCalls: 10 });
  });

  it('does not limit calls made outside any scope (there is no unit of work to count)', async () => {
    await start({ scopeLimits: { maxCalls: 1 } });
    await ask();
    await ask();
    await ask();
    expect(h.mock.exchanges).toHaveLength(3);
  });
});
