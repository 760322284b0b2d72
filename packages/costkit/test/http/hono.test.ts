import { expect, it } from 'vitest';
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { honoCostkit } from '../../src/http/index.js';
import { recorded, requestScopeSuite, work } from './harness.js';
import { listen } from './listen.js';

function app() {
  const app = new Hono();
  app.use(
    honoCostkit<Context>({
      tags: (c) => ({ customer: c.req.header('x-customer-id') }),
      interactionId: (c) => c.req.header('x-request-id'),
    }),
  );
  // Middleware after costkit's, on a wildcard path: not the route.
  app.use('/api/*', async (_c, next) => next());
  app.post('/api/chats/:id', async (c) => {
    const body = await c.req.json<{ stream?: boolean }>();
    return c.json(await work.chat(Boolean(body.stream)));
  });
  app.get('/api/stream/:id', (c) => stream(c, (out) => work.stream((text) => void out.write(text))));
  app.get('/api/fail/:id', () => work.fail());
  app.get('/api/limited/:id', async (c) => c.json(await work.rateLimited()));
  // A sub-app mounted at a parameter path, and an app.all() route.
  const orgs = new Hono();
  orgs.post('/chats/:chatId', async (c) => c.json(await work.chat(false)));
  app.route('/api/orgs/:org', orgs);
  app.all('/webhook/:source', async (c) => c.json(await work.notFound()));
  app.notFound(async (c) => c.json(await work.notFound(), 404));
  app.onError((error, c) => c.json({ error: error.message }, 500));
  return app;
}

requestScopeSuite(
  'Hono',
  () => listen(createAdaptorServer({ fetch: app().fetch }) as Server),
  {
    chat: 'POST /api/chats/:id',
    stream: 'GET /api/stream/:id',
    fail: 'GET /api/fail/:id',
    limited: 'GET /api/limited/:id',
    unmatched: 'GET (unmatched)',
  },
  (server) => {
    it('tags routes of a sub-app mounted at a parameter path, and app.all() routes, with their templates', async () => {
      const a = await fetch(`${server().url}/api/orgs/acme/chats/42`, { method: 'POST' });
      const b = await fetch(`${server().url}/webhook/stripe?attempt=2`, { method: 'PUT' });
      expect([a.status, b.status]).toEqual([200, 200]);
      const events = await recorded();
      expect(events.map((e) => e.tags.route)).toEqual(['POST /api/orgs/:org/chats/:chatId', 'POST /api/orgs/:org/chats/:chatId', 'PUT /webhook/:source']);
    });

    it('opens the scope for requests made in process with app.request()', async () => {
      const res = await app().request('/api/chats/1', { method: 'POST', body: '{}', headers: { 'x-customer-id': 'inproc' } });
      const { interactionId } = (await res.json()) as { interactionId: string };
      const events = await recorded();
      expect(events.map((e) => [e.interactionId, e.tags.customer, e.tags.route])).toEqual([
        [interactionId, 'inproc', 'POST /api/chats/:id'],
        [interactionId, 'inproc', 'POST /api/chats/:id'],
      ]);
    });
  },
);
