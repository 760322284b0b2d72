// The four SDKs as an app uses them: how to make a client against the canned
// fetch, a plain call and a streamed call whose chunks the app reads to the end.
// OpenAI and Anthropic take the fetch as an option; the Google SDKs use the
// global fetch, which the worker replaces before any SDK is imported.
const messages = [{ role: 'user', content: 'Say hello.' }];

/** Reads a stream to the end; `onChunk(i)` sees each chunk as the app does. */
async function drain(iterable, onChunk) {
  let i = 0;
  for await (const chunk of iterable) {
    void chunk;
    if (onChunk) onChunk(i);
    i++;
  }
  return i;
}

export const SDKS = {
  openai: {
    label: 'OpenAI 7.57 chat.completions.create',
    module: 'openai',
    client: (mod, fetch) => new mod.OpenAI({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9/v1', fetch, maxRetries: 0 }),
    plain: (client) => client.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    // The app asks for usage itself, so every variant parses the same chunks.
    open: (client) => client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }),
  },
  anthropic: {
    label: 'Anthropic 1.12 messages.create',
    module: '@anthropic-ai/sdk',
    client: (mod, fetch) => new mod.Anthropic({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0 }),
    plain: (client) => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1024, messages }),
    open: (client) => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1024, messages, stream: true }),
  },
  genai: {
    label: '@google/genai 3.1 models.generateContent',
    module: '@google/genai',
    client: (mod) => new mod.GoogleGenAI({ apiKey: 'bench' }),
    plain: (ai) => ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello.' }),
    open: (ai) => ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Say hello.' }),
  },
  'generative-ai': {
    label: '@google/generative-ai 0.24 generateContent',
    module: '@google/generative-ai',
    client: (mod) => new mod.GoogleGenerativeAI('bench').getGenerativeModel({ model: 'gemini-2.5-flash' }),
    plain: (model) => model.generateContent('Say hello.'),
    open: async (model) => (await model.generateContentStream('Say hello.')).stream,
  },
};

export const SHAPES = ['plain', 'stream'];

/** One call of `shape`: the plain call's result, or the stream read to its end. */
export function callOf(sdk, client, shape, onChunk) {
  if (shape === 'plain') return () => sdk.plain(client);
  return async () => drain(await sdk.open(client), onChunk);
}
