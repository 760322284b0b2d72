import { AsyncLocalStorage } from 'node:async_hooks';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import costkit, { withTags } from '../../src/index.js';
import { attachment, onCallStart, type CallStart } from '../../src/exporters/index.js';
import { collector } from '../helpers/collect.js';

const completion = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});
const client = () =>
  new OpenAI({ apiKey: 'test', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: async () => new Response(completion, { headers: { 'content-type': 'application/json' } }) });

const removers: (() => void)[] = [];
afterEach(async () => {
  removers.splice(0).forEach((r) => r());
  await costkit.shutdown();
});

describe('onCallStart (the extension point for exporters that need the caller\'s context)', () => {
  it('runs on the caller\'s path, and what it attaches reaches the exporter but never JSON', async () => {
    const requestContext = new AsyncLocalStorage<string>();
    const KEY = Symbol('request');
    const seen: CallStart[] = [];
    removers.push(
      onCallStart((call) => {
        seen.push(call);
        call.attach(KEY, requestContext.getStore());
      }),
    );
    const out = collector();
    await costkit.init({ exporters: [out] });
    await requestContext.run('request-7', () =>
      withTags({ team: 'search' }, () => client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })),
    );
    await costkit.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ provider: 'openai', operation: 'chat.completions', model: 'gpt-4o-mini', stream: false, tags: { team: 'search' } });
    const [event] = out.events;
    expect(attachment(event!, KEY)).toBe('request-7');
    expect(JSON.stringify(event)).not.toContain('request-7');
  });

  it('a hook that throws does not affect the call', async () => {
    removers.push(onCallStart(() => { throw new Error('hook bug'); }));
    const out = collector();
    await costkit.init({ exporters: [out] });
    const result = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(result.choices[0]!.message.content).toBe('Hi.');
    await costkit.flush();
    expect(out.events).toHaveLength(1);
  });
});
