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
  // All three providers' SDKs, as an app that mixes them loads them.
  'esm-three-providers.mjs': `
import costkit from 'costkit';
import { startMockProvider } from '@costkit/mock-provider';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
const mock = await startMockProvider({ port: 0 });
const events = [];
await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
await costkit.withTags({ team: 'packaging' }, async () => {
  await new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  await new Anthropic({ apiKey: 'k', baseURL: mock.url }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  await new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: mock.url } }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
});
await costkit.flush();
await costkit.shutdown();
await mock.close();
console.log(JSON.stringify(events));
`,
  // Patch on load: a CommonJS app that uses one SDK of the three installed loads only that one,
  // and one it requires after init() is patched as it loads.
  'cjs-loads-only-its-sdk.cjs': `
const costkit = require('costkit');
const { startMockProvider } = require('@costkit/mock-provider');
const OpenAI = require('openai');
(async () => {
  const mock = await startMockProvider({ port: 0 });
  const events = [];
  const patched = await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
  const loaded = (name) => Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/'));
  const before = { anthropic: loaded('@anthropic-ai/sdk'), genai: loaded('@google/genai') };
  await new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  const Anthropic = require('@anthropic-ai/sdk');
  await new Anthropic({ apiKey: 'k', baseURL: mock.url }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  await costkit.flush();
  await costkit.shutdown();
  await mock.close();
  console.log(JSON.stringify({ patched: patched.map((p) => p.packageName + ' ' + p.build), before, providers: events.map((e) => e.provider) }));
})();
`,
  // npm's layout when a library's openai differs from the app's: node_modules/nested-lib/node_modules/openai
  // (the test makes that copy). The library's copy, required before init(), is patched by init();
  // the app's own copy, required after it, is patched as it loads.
  'cjs-nested-copy.cjs': `
const NestedOpenAI = require('nested-lib');
const costkit = require('costkit');
const { startMockProvider } = require('@costkit/mock-provider');
(async () => {
  const mock = await startMockProvider({ port: 0 });
  const events = [];
  const patched = await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
  const OpenAI = require('openai');
  const ask = (Client) => new Client({ apiKey: 'k', baseURL: mock.url + '/v1' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  await ask(NestedOpenAI);
  await ask(OpenAI);
  await costkit.flush();
  await costkit.shutdown();
  await mock.close();
  console.log(JSON.stringify({ distinct: NestedOpenAI !== OpenAI, patchedAtInit: patched.map((p) => p.root.includes('nested-lib')), calls: events.filter((e) => e.schema === 'costkit.call/1').length }));
})();
`,
  // Startup: costkit and init() load none of Node's network, compression, crypto or
  // fs/promises modules; the HTTP exporter loads its transport when it is made, and
  // the first event's id loads node:crypto.
  'cjs-builtins-on-demand.cjs': `
const loaded = () => ['http', 'https', 'zlib', 'crypto', 'fs/promises'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
const costkit = require('costkit');
(async () => {
  await costkit.init({ exporters: [{ export: async () => {} }] });
  const afterInit = loaded();
  const { httpExporter } = require('costkit/exporters');
  httpExporter({ url: 'https://127.0.0.1:9/v1/events' });
  const afterHttpsExporter = loaded();
  await costkit.shutdown();
  console.log(JSON.stringify({ afterInit, afterHttpsExporter }));
})();
`,
  // init() in a module the entry imports first, as instrumentation setups do: the SDK the
  // entry imports next is loaded but has not run yet when init() looks, and is patched.
  'costkit-setup.mjs': `
import costkit from 'costkit';
export const events = [];
await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
`,
  'esm-init-in-first-import.mjs': `
import { events } from './costkit-setup.mjs';
import costkit from 'costkit';
import { startMockProvider } from '@costkit/mock-provider';
import OpenAI from 'openai';
const mock = await startMockProvider({ port: 0 });
await new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
await costkit.flush();
await costkit.shutdown();
await mock.close();
console.log(JSON.stringify({ providers: events.map((e) => e.provider) }));
`,
  // An ESM app whose entry starts with \`await bootstrap()\`: init() runs inside it, after an
  // await, while the entry waits at its first await and none of its own functions has run.
  // V8 does not list such an entry among its scripts; init() finds it on the async stack and
  // imports only the SDK the app imported, as from the entry itself.
  'esm-bootstrap.mjs': `
import costkit from 'costkit';
import { startMockProvider } from '@costkit/mock-provider';
export const events = [];
export async function bootstrap() {
  const mock = await startMockProvider({ port: 0 });
  const patched = await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
  return { mock, patched };
}
`,
  'esm-init-in-bootstrap.mjs': `
import costkit from 'costkit';
import OpenAI from 'openai';
import { bootstrap, events } from './esm-bootstrap.mjs';
const { mock, patched } = await bootstrap();
await new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
await costkit.flush();
await costkit.shutdown();
await mock.close();
console.log(JSON.stringify({ patched: patched.map((p) => p.packageName + ' ' + p.build).sort(), providers: events.map((e) => e.provider) }));
`,
  // An ESM app that imports openai, calls init(), then imports @anthropic-ai/sdk. Run with
  // costkit/register preloaded, init() loads nothing; without it, init() imports the SDK ESM
  // builds the app already imported (found among V8's scripts) and, where in-thread module hooks
  // see later imports (Node >= 22.15), no other. Either way the later import is patched as it loads.
  'esm-openai-then-anthropic.mjs': `
import costkit from 'costkit';
import { startMockProvider } from '@costkit/mock-provider';
import OpenAI from 'openai';
const mock = await startMockProvider({ port: 0 });
const events = [];
const patched = await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
await new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
const { default: Anthropic } = await import('@anthropic-ai/sdk');
await new Anthropic({ apiKey: 'k', baseURL: mock.url }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
await costkit.flush();
await costkit.shutdown();
await mock.close();
console.log(JSON.stringify({ patched: patched.map((p) => p.packageName + ' ' + p.build).sort(), providers: events.map((e) => e.provider) }));
`,
  // A CommonJS app that imports an SDK's ESM build after init(): seen by the in-thread module
  // hooks (Node >= 22.15), or on older Node by costkit/register's loader.
  'cjs-imports-esm-later.cjs': `
const costkit = require('costkit');
const { startMockProvider } = require('@costkit/mock-provider');
(async () => {
  const mock = await startMockProvider({ port: 0 });
  const events = [];
  await costkit.init({ exporters: [{ export: async (batch) => { events.push(...batch); } }] });
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  await new Anthropic({ apiKey: 'k', baseURL: mock.url }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  await costkit.flush();
  await costkit.shutdown();
  await mock.close();
  console.log(JSON.stringify({ providers: events.map((e) => e.provider) }));
})();
`,
  // A budget on the Redis store, from the installed @costkit/redis: the third call is refused.
  'esm-redis-budget.mjs': `
import costkit, { BudgetExceededError } from 'costkit';
import { redisBudgetStore } from '@costkit/redis';
import { startMockProvider } from '@costkit/mock-provider';
import OpenAI from 'openai';
const mock = await startMockProvider({ port: 0 });
const events = [];
await costkit.init({
  exporters: [{ export: async (batch) => { events.push(...batch); } }],
  budgets: [{ name: 'packaging-day', match: { team: 'packaging' }, window: 'day', limitUsd: 0.00002, onExceed: 'throw' }],
  budgetStore: redisBudgetStore({ url: process.env.REDIS_URL, keyPrefix: 'packaging:' + process.pid + ':' }),
});
const client = new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' });
const outcomes = [];
await costkit.withTags({ team: 'packaging' }, async () => {
  for (let i = 0; i < 3; i++) {
    try {
      await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
      outcomes.push('ok');
    } catch (error) {
      outcomes.push(error instanceof BudgetExceededError ? 'refused' : String(error));
    }
  }
});
const states = await costkit.budgets();
await costkit.flush();
await costkit.shutdown();
await mock.close();
console.log(JSON.stringify({ outcomes, spent: states[0].spentUsd, calls: events.filter((e) => e.schema === 'costkit.call/1').length, refusals: events.filter((e) => e.kind === 'refused').length }));
`,
  // @costkit/otel through the app's own tracer provider, parented to the app's span.
  'cjs-otel.cjs': `
const { trace, context } = require('@opentelemetry/api');
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const costkit = require('costkit');
const { otelExporter } = require('@costkit/otel');
const { startMockProvider } = require('@costkit/mock-provider');
const OpenAI = require('openai');
(async () => {
  const spans = new InMemorySpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
  const mock = await startMockProvider({ port: 0 });
  await costkit.init({ exporters: [otelExporter({ metrics: false })] });
  const client = new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1' });
  await trace.getTracer('app').startActiveSpan('handle-request', async (parent) => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    parent.end();
  });
  await costkit.flush();
  await costkit.shutdown();
  await mock.close();
  console.log(JSON.stringify(spans.getFinishedSpans().map((s) => ({ name: s.name, parent: s.parentSpanContext?.spanId ?? s.parentSpanId ?? null, traceId: s.spanContext().traceId, attributes: s.attributes }))));
})();
`,
};
