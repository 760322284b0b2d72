import http from 'node:http';
import { expect, it } from 'vitest';
import express5 from 'express';
import express4 from 'express-v4';
import { costkitMiddleware } from '../../src/http/index.js';
import { recorded, requestScopeSuite, work } from './harness.js';
import { listen } from './listen.js';

type Express = typeof express5;
type Handler = (req: express5.Request, res: express5.Response) => Promise<unknown>;

// Express 4 does not catch a rejected handler; both versions get it passed to next().
const handle = (fn: Handler) => (req: express5.Request, res: express5.Response, next: express5.NextFunction) => {
  fn(req, res).catch(next);
};

function app(express: Express) {
  const app = express();
  app.use(
    costkitMiddleware<express5.Request>({
      tags: (req) => ({ customer: req.headers['x-customer-id'] }),
      interactionId: (req) => req.headers['x-request-id'],
    }),
  );
  app.use(express.json());
  app.post('/api/chats/:id', handle(async (req, res) => res.json(await work.chat(Boolean(req.body?.stream)))));
  app.get('/api/stream/:id', handle(async (_req, res) => {
    res.type('text/plain');
    await work.stream((text) => res.write(text));
    res.end();
  }));
  app.get('/api/fail/:id', handle(() => work.fail()));
  app.get('/api/limited/:id', handle(async (_req, res) => res.json(await work.rateLimited())));

  // A router mounted at a path with a parameter, and a sub-app.
  const orgs = express.Router();
  orgs.post('/chats/:chatId', handle(async (_req, res) => res.json(await work.chat(false))));
  app.use('/api/orgs/:org', orgs);
  const v2 = express();
  v2.get('/items/:itemId', handle(async (_req, res) => res.json(await work.notFound())));
  app.use('/v2', v2);

  app.use(handle(async (_req, res) => res.status(404).json(await work.notFound())));
  app.use((error: Error, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
    res.status(500).json({ error: error.message });
  });
  return app;
}

for (const [name, express] of [
  ['Express 5', express5],
  ['Express 4', express4 as unknown as Express],
] as const) {
  requestScopeSuite(
    name,
    () => listen(http.createServer(app(express))),
    {
      chat: 'POST /api/chats/:id',
      stream: 'GET /api/stream/:id',
      fail: 'GET /api/fail/:id',
      limited: 'GET /api/limited/:id',
      unmatched: 'GET (unmatched)',
    },
    (server) => {
      it('tags a route in a router mounted at a parameter path with the whole template, never the ids', async () => {
        const a = await fetch(`${server().url}/api/orgs/acme/chats/42`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        const b = await fetch(`${server().url}/api/orgs/globex%20inc/chats/43`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        const c = await fetch(`${server().url}/v2/items/9?full=1`);
        expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
        const events = await recorded();
        expect(events.map((e) => e.tags.route)).toEqual([
          'POST /api/orgs/:org/chats/:chatId',
          'POST /api/orgs/:org/chats/:chatId',
          'POST /api/orgs/:org/chats/:chatId',
          'POST /api/orgs/:org/chats/:chatId',
          'GET /v2/items/:itemId',
        ]);
      });
    },
  );
}
