import { describe, expect, it } from 'vitest';
import OpenAIv4 from 'openai-v4';
import OpenAIv5 from 'openai-v5';
import OpenAIv6 from 'openai-v6';
import OpenAIv7 from 'openai';
import costkit, { withTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// The latest 4.x, 5.x and 6.x next to 7.x: what the patch relies on (resource
// prototypes, the APIPromise's lazy parse, Stream.iterator, fetchWithTimeout)
// must hold in each major an app may still run.
const h = useHarness({ init: { instrument: { openai: false } } });
const versions = { '4.x': OpenAIv4, '5.x': OpenAIv5, '6.x': OpenAIv6, '7.x': OpenAIv7 } as Record<string, any>;

const messages = [{ role: 'user', content: 'hello' }];

describe.each(Object.entries(versions))('openai %s', (_version, OpenAI) => {
  it('records plain, streamed and Responses calls with the server usage', async () => {
    const client = costkit.instrument(new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 2 }));
    await withTags({ team: 'matrix' }, async () => {
      const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(plain.choices[0].message.content).toBeTruthy();
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
      for await (const chunk of stream) expect(chunk.choices[0]).toBeDefined();
      await client.responses.create({ model: 'gpt-4o-mini', input: 'hello' });
    });
    await costkit.flush();
    const [plain, streamed, responses] = h.sink.calls();
    expect(plain).toMatchObject({ operation: 'chat.completions', status: 'ok', attempts: 1, tags: { team: 'matrix' } });
    expect(plain!.usage?.inputTokens).toBe((h.mock.exchanges[0]!.usage as any).prompt_tokens);
    expect(plain!.requestId).toMatch(/^req_/);
    expect(streamed).toMatchObject({ stream: true, status: 'ok' });
    expect(streamed!.usage?.outputTokens).toBe((h.mock.exchanges[1]!.usage as any).completion_tokens);
    expect(responses!.usage?.inputTokens).toBe((h.mock.exchanges[2]!.usage as any).input_tokens);
  });

  it('keeps withResponse() and counts retries', async () => {
    const client = costkit.instrument(new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 2 }));
    h.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 0 }, { times: 1 });
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    expect(response.status).toBe(200);
    expect(data.choices).toHaveLength(1);
    await costkit.flush();
    expect(h.sink.calls()[0]).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('restores the SDK on shutdown', async () => {
    const client = costkit.instrument(new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1` }));
    const proto = Object.getPrototypeOf(client.chat.completions);
    const patched = proto.create;
    await costkit.shutdown();
    expect(proto.create).not.toBe(patched);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(h.sink.calls()).toHaveLength(0);
  });
});
