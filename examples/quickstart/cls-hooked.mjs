// An app that already keeps its request context in a cls-hooked namespace:
// costkit reads the tenant and request id from it at the start of every call.
//
//   node cls-hooked.mjs
import http from 'node:http';
import { createRequire } from 'node:module';
import OpenAI from 'openai';
import costkit, { clsHookedTags, withTags } from 'costkit';
import { startMockProvider } from '@costkit/mock-provider';

const { createNamespace } = createRequire(import.meta.url)('cls-hooked');
const requestContext = createNamespace('request');
const mock = await startMockProvider({ port: 0 });
const openai = new OpenAI({ apiKey: 'mock-key', baseURL: `${mock.url}/v1` });

await costkit.init({
  service: 'cls-hooked-example',
  tagSources: [clsHookedTags(requestContext, ['tenant', 'requestId'])],
  exporters: [{ type: 'stdout', pretty: true }],
});

// The app's existing middleware: one namespace context per request.
const server = http.createServer((req, res) => {
  requestContext.run(() => {
    requestContext.set('tenant', req.headers['x-tenant'] ?? 'anonymous');
    requestContext.set('requestId', req.headers['x-request-id'] ?? 'none');
    withTags({ team: 'support', feature: 'reply' }, async () => {
      const answer = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
      res.end(answer.choices[0]?.message.content ?? '');
    });
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

await Promise.all(
  [['acme', 'r-1'], ['globex', 'r-2'], ['initech', 'r-3']].map(([tenant, id]) =>
    fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-tenant': tenant, 'x-request-id': id } }).then((r) => r.text()),
  ),
);

await costkit.shutdown();
server.close();
await mock.close();
