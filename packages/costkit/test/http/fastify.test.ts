import { expect, it } from 'vitest';
import fastify5 from 'fastify';
import fastify4 from 'fastify-v4';
import { fastifyCostkit } from '../../src/http/index.js';
import { recorded, requestScopeSuite, work, type App } from './harness.js';

type Fastify = typeof fastify5;

async function start(fastify: Fastify): Promise<App> {
  const app = fastify();
  await app.register(fastifyCostkit, {
    tags: (request) => ({ customer: request.headers['x-customer-id'] }),
    interactionId: (request) => request.headers['x-request-id'],
  });
  app.post<{ Body: { stream?: boolean } }>('/api/chats/:id', (request) => work.chat(Boolean(request.body?.stream)));
  app.get('/api/stream/:id', async (_request, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    await work.stream((text) => reply.raw.write(text));
    reply.raw.end();
    return reply;
  });
  app.get('/api/fail/:id', () => work.fail());
  app.get('/api/limited/:id', () => work.rateLimited());
  // Routes in an encapsulated plugin with a prefix: the template includes the prefix.
  await app.register(
    async (orgs) => {
      orgs.post('/chats/:chatId', () => work.chat(false));
    },
    { prefix: '/api/orgs/:org' },
  );
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(await work.notFound()));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

for (const [name, fastify] of [
  ['Fastify 5', fastify5],
  ['Fastify 4', fastify4 as unknown as Fastify],
] as const) {
  requestScopeSuite(
    name,
    () => start(fastify),
    {
      chat: 'POST /api/chats/:id',
      stream: 'GET /api/stream/:id',
      fail: 'GET /api/fail/:id',
      limited: 'GET /api/limited/:id',
      unmatched: 'GET (unmatched)',
    },
    (server) => {
      it('tags a route registered in a prefixed plugin with the whole template', async () => {
        const res = await fetch(`${server().url}/api/orgs/acme/chats/42`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stream":false}' });
        expect(res.status).toBe(200);
        const events = await recorded();
        expect(events.map((e) => e.tags.route)).toEqual(['POST /api/orgs/:org/chats/:chatId', 'POST /api/orgs/:org/chats/:chatId']);
      });
    },
  );
}
