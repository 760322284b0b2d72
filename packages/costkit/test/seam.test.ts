import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { CostkitError, scopeUsage, withTags } from '../src/index.js';
import { activeRuntime } from '../src/runtime.js';
import type { AdmissionHook, CallDecision } from '../src/call-hooks.js';
import { useHarness } from './helpers/harness.js';

// The seam before a call is sent (the budgets build on it): an admission hook
// that answers later holds the request until it does, one that refuses
// rejects the SDK's own promise with nothing sent, and one that changes the
// request changes what goes on the wire, on every SDK family and for streams.
// The hook is installed on the running instance directly: this is the test
// hook the budgets use.

const h = useHarness();

class RefusedError extends CostkitError {
  constructor() {
    super('COSTKIT_TEST_REFUSED', 'refused by the test admission hook');
  }
}

function admitWith(hook: AdmissionHook): void {
  activeRuntime()!.admission = hook;
}

/** An admission that answers when the test says so. */
function gate(decision?: CallDecision) {
  let open!: () => void;
  let refuse!: () => void;
  const answered = new Promise<CallDecision | undefined>((resolve, reject) => {
    open = () => resolve(decision);
    refuse = () => reject(new RefusedError());
  });
  const seen: string[] = [];
  admitWith((call) => {
    seen.push(call.spec.model);
    return answered;
  });
  return { open, refuse, seen };
}

/** Lets every pending microtask and I/O callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

interface Family {
  name: string;
  model: string;
  cheaper: string;
  /** Starts one call; returns what the SDK returned and how to read it to the end. */
  call(stream: boolean): { result: unknown; consume(): Promise<unknown> };
  /** The model the provider received. */
  sentModel(body: any, path: string): string;
}

const families = (): Family[] => {
  const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
  const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
  const genai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
  const generative = new GoogleGenerativeAI('k');
  const readAll = async (iterable: AsyncIterable<unknown>) => {
    for await (const _ of iterable) void _;
  };
  const messages = [{ role: 'user' as const, content: 'hello there' }];
  return [
    {
      name: 'openai',
      model: 'gpt-4o',
      cheaper: 'gpt-4o-mini',
      call: (stream) => {
        const result = openai.chat.completions.create({ model: 'gpt-4o', messages, stream } as never);
        return { result, consume: async () => (stream ? readAll((await result) as never) : result) };
      },
      sentModel: (body) => body.model,
    },
    {
      name: 'anthropic',
      model: 'claude-opus-4-1',
      cheaper: 'claude-sonnet-4-5',
      call: (stream) => {
        const result = anthropic.messages.create({ model: 'claude-opus-4-1', max_tokens: 64, messages, stream } as never);
        return { result, consume: async () => (stream ? readAll((await result) as never) : result) };
      },
      sentModel: (body) => body.model,
    },
    {
      name: '@google/genai',
      model: 'gemini-2.5-pro',
      cheaper: 'gemini-2.5-flash',
      call: (stream) => {
        const params = { model: 'gemini-2.5-pro', contents: 'hello there' };
        const result = stream ? genai.models.generateContentStream(params) : genai.models.generateContent(params);
        return { result, consume: async () => (stream ? readAll((await result) as never) : result) };
      },
      sentModel: (_body, path) => /models\/([^:]+):/.exec(path)![1]!,
    },
    {
      name: '@google/generative-ai',
      model: 'gemini-2.5-pro',
      cheaper: 'gemini-2.5-flash',
      call: (stream) => {
        const model = generative.getGenerativeModel({ model: 'gemini-2.5-pro' }, { baseUrl: h.mock.url });
        const result = stream ? model.generateContentStream('hello there') : model.generateContent('hello there');
        return { result, consume: async () => (stream ? readAll(((await result) as { stream: AsyncIterable<unknown> }).stream) : result) };
      },
      sentModel: (_body, path) => /models\/([^:]+):/.exec(path)![1]!,
    },
  ];
};

describe.each(['plain', 'stream'])('the seam before sending (%s)', (kind) => {
  const stream = kind === 'stream';

  it.each(['openai', 'anthropic', '@google/genai', '@google/generative-ai'])('%s: a pending admission holds the request until it answers', async (name) => {
    const family = families().find((f) => f.name === name)!;
    const admission = gate();
    const { consume } = family.call(stream);
    const done = consume();
    for (let i = 0; i < 5; i++) await settle();
    expect(admission.seen).toEqual([family.model]);
    expect(h.mock.exchanges).toHaveLength(0);
    admission.open();
    await done;
    expect(h.mock.exchanges).toHaveLength(1);
    const [event] = await h.events();
    expect(event).toMatchObject({ status: 'ok', model: family.model, stream });
    expect(event!.usage?.inputTokens).toBeGreaterThan(0);
  });

  it.each(['openai', 'anthropic', '@google/genai', '@google/generative-ai'])('%s: a refusal rejects the SDK\'s own promise, sends nothing and records no call', async (name) => {
    const family = families().find((f) => f.name === name)!;
    const admission = gate();
    const { result, consume } = family.call(stream);
    if (name === 'openai' || name === 'anthropic') {
      // The app keeps the SDK's APIPromise: withResponse() and asResponse() are there and reject the same way.
      expect(typeof (result as { withResponse?: unknown }).withResponse).toBe('function');
      expect(typeof (result as { asResponse?: unknown }).asResponse).toBe('function');
      const withResponse = (result as { withResponse(): Promise<unknown> }).withResponse();
      admission.refuse();
      await expect(withResponse).rejects.toBeInstanceOf(RefusedError);
    } else {
      admission.refuse();
    }
    await expect(consume()).rejects.toBeInstanceOf(RefusedError);
    expect(h.mock.exchanges).toHaveLength(0);
    expect(await h.events()).toEqual([]);
    expect(costkit.stats().calls).toBe(0);
  });

  it.each(['openai', 'anthropic', '@google/genai', '@google/generative-ai'])('%s: a refusal decided at once is still the SDK\'s own promise rejecting', async (name) => {
    const family = families().find((f) => f.name === name)!;
    admitWith(() => {
      throw new RefusedError();
    });
    const calls = await withTags({ team: 'refused' }, async () => {
      const { consume } = family.call(stream);
      await expect(consume()).rejects.toBeInstanceOf(RefusedError);
      return scopeUsage()!.calls;
    });
    expect(h.mock.exchanges).toHaveLength(0);
    expect(await h.events()).toEqual([]);
    // A refused call was never made: neither the scope nor the stats count it.
    expect(calls).toBe(0);
    expect(costkit.stats().calls).toBe(0);
  });

  it.each(['openai', 'anthropic', '@google/genai', '@google/generative-ai'])('%s: an admission that changes the model sends that model, later or at once', async (name) => {
    for (const later of [true, false]) {
      h.mock.reset();
      const family = families().find((f) => f.name === name)!;
      const decision: CallDecision = { edits: { model: family.cheaper }, annotations: { degradedFrom: family.model } };
      if (later) gate(decision).open();
      else admitWith(() => decision);
      await family.call(stream).consume();
      const [exchange] = h.mock.exchanges;
      expect(family.sentModel(exchange!.body, exchange!.path)).toBe(family.cheaper);
    }
    const events = await h.events();
    expect(events).toHaveLength(2);
    for (const event of events) expect(event).toMatchObject({ model: family(name).cheaper, degradedFrom: family(name).model });
  });
});

function family(name: string): Family {
  return families().find((f) => f.name === name)!;
}
