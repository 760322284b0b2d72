/**
 * Four tiny apps, as a user would write them against the installed tarballs:
 * ESM and CommonJS, with the SDK loaded before and after init(). Each prints the
 * events it recorded as one JSON line.
 */
const body = (load: string, initLine: string) => `
${load}
const { startMockProvider } = MOCK;
const mock = await startMockProvider({ port: 0 });
const events = [];
${initLine}
const OpenAI = OPENAI();
const client = new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' });
await costkit.withTags({ team: 'packaging' }, async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const chunk of stream) if (!chunk.choices[0]) throw new Error('usage chunk leaked');
});
await costkit.flush();
await costkit.shutdown();
await mock.close();
console.log(JSON.stringify(events));
`;

const initCall = `await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });`;

export const scenarios: Record<string, string> = {
  'esm-sdk-before-init.mjs': body(
    `import costkit from 'costkit';\nimport * as MOCK from '@costkit/mock-provider';\nimport OpenAIImported from 'openai';\nconst OPENAI = () => OpenAIImported;`,
    initCall,
  ),
  'esm-sdk-after-init.mjs': body(
    `import costkit from 'costkit';\nimport * as MOCK from '@costkit/mock-provider';\nlet OpenAILoaded;\nconst OPENAI = () => OpenAILoaded;`,
    `${initCall}\nOpenAILoaded = (await import('openai')).default;`,
  ),
  // CommonJS apps wrap their body in an async IIFE, as they must to await.
  'cjs-sdk-before-init.cjs': `const costkit = require('costkit');\nconst MOCK = require('@costkit/mock-provider');\nconst OpenAIRequired = require('openai');\nconst OPENAI = () => OpenAIRequired;\n(async () => {${body('', initCall)}})();`,
  // The CJS build is patched before init() returns: no await before the require.
  'cjs-sdk-after-init.cjs': `const costkit = require('costkit');\nconst MOCK = require('@costkit/mock-provider');\nconst events = [];\ncostkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });\nconst OpenAIRequired = require('openai');\nconst OPENAI = () => OpenAIRequired;\n(async () => {${body('', '').replace('const events = [];', '')}})();`,
};
