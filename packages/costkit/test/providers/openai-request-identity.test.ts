import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import costkit from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// What costkit changes in a request (stream usage, an output cap) it changes
// on the wire only: the SDK keeps the app's request object and request
// options as its own. openai 7.x keys its request-body serializer observers
// on the body object itself (the stream helpers bind their tool and
// response_format parsers through them), and Stainless SDKs copy every
// enumerable key of the request options, symbols included, where the app and
// the SDK's own checks see them.

const h = useHarness({ init: false });

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    strict: true,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};
const request = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
  tools: [weather],
  tool_choice: { type: 'function' as const, function: { name: 'get_weather' } },
};

/** What the app sees of a stream helper's result, without the ids the mock makes up per call. */
async function streamHelperResult(client: OpenAI) {
  const stream = client.chat.completions.stream({ ...request, max_completion_tokens: 500 });
  const final = await stream.finalChatCompletion();
  const call = final.choices[0]!.message.tool_calls![0]! as { function: { name: string; arguments: string; parsed_arguments?: unknown } };
  return { finish: final.choices[0]!.finish_reason, name: call.function.name, args: call.function.arguments, parsed: call.function.parsed_arguments };
}

describe('the app\'s request stays the SDK\'s request', () => {
  it('keeps chat.completions.stream() tool parsing identical while costkit injects stream usage and caps output', async () => {
    const client = () => new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    await h.start({ instrument: { openai: false } });
    const uninstrumented = await streamHelperResult(client());
    await costkit.shutdown();

    const sink = await h.start({ guard: { maxTokens: { cap: 200 } } });
    const instrumented = await streamHelperResult(client());
    expect(instrumented).toEqual(uninstrumented);
    expect(instrumented.parsed).toEqual(JSON.parse(instrumented.args));

    // On the wire: the usage costkit asked for and the cap; the app's fields as sent.
    const sent = h.mock.exchanges.at(-1)!.body as Record<string, any>;
    expect(sent.stream_options).toEqual({ include_usage: true });
    expect(sent.max_completion_tokens).toBe(200);
    expect(sent.tools).toEqual([weather]);
    const [event] = await sink.recorded();
    expect(event!.usage!.inputTokens).toBeGreaterThan(0);
    expect(event!.outputCap).toEqual({ requested: 500, applied: 200, action: 'clamped' });
  });

  it('hands the SDK the app\'s own body object and request options with no costkit key in them', async () => {
    await h.start({ guard: { maxRetries: 0 } });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 3 });
    const seen: { body: unknown; keys: (string | symbol)[] }[] = [];
    // The SDK's documented hook for request options, per client: what it receives is what the SDK carries.
    const prepareOptions = Object.getPrototypeOf(client).prepareOptions as (options: unknown) => Promise<void>;
    (client as unknown as { prepareOptions(options: Record<string, unknown>): Promise<void> }).prepareOptions = async function (options) {
      seen.push({ body: options.body, keys: Reflect.ownKeys(options) });
      return prepareOptions.call(this, options);
    };
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }], stream: true as const };
    const frozen = structuredClone(body);
    const stream = await client.chat.completions.create(body, { headers: { 'x-app': '1' } });
    for await (const _ of stream) void _;

    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toBe(body);
    expect(seen[0]!.keys.filter((key) => typeof key === 'symbol')).toEqual([]);
    expect(body).toEqual(frozen);
    expect((h.mock.exchanges[0]!.body as Record<string, unknown>).stream_options).toEqual({ include_usage: true });
  });
});
