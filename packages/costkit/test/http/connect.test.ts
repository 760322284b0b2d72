import http from 'node:http';
import connect from 'connect';
import { costkitMiddleware } from '../../src/http/index.js';
import { requestScopeSuite, work } from './harness.js';
import { listen } from './listen.js';

// Connect has no route templates: the app names its routes with options.route.
const templates = [/^\/api\/chats\/[^/]+$/, /^\/api\/stream\/[^/]+$/, /^\/api\/fail\/[^/]+$/, /^\/api\/limited\/[^/]+$/];
const names = ['/api/chats/:id', '/api/stream/:id', '/api/fail/:id', '/api/limited/:id'];
const templateOf = (url = '/') => names[templates.findIndex((t) => t.test(url.split('?')[0]!))];

type Next = (error?: unknown) => void;
const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

function app() {
  const app = connect();
  app.use(
    costkitMiddleware({
      route: (req) => templateOf(req.url),
      tags: (req) => ({ customer: req.headers['x-customer-id'] }),
      interactionId: (req) => req.headers['x-request-id'],
    }),
  );
  app.use('/api/chats', (req: http.IncomingMessage, res: http.ServerResponse, next: Next) => {
    void (async () => {
      let body = '';
      // Read in the handler, across the socket's events: the scope must survive it.
      for await (const chunk of req) body += chunk;
      json(res, 200, await work.chat(Boolean(JSON.parse(body || '{}').stream)));
    })().catch(next);
  });
  app.use('/api/stream', (_req: http.IncomingMessage, res: http.ServerResponse, next: Next) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    work.stream((text) => res.write(text)).then(() => res.end(), next);
  });
  app.use('/api/fail', (_req: http.IncomingMessage, _res: http.ServerResponse, next: Next) => {
    work.fail().catch(next);
  });
  app.use('/api/limited', (_req: http.IncomingMessage, res: http.ServerResponse, next: Next) => {
    work.rateLimited().then((answer) => json(res, 200, answer), next);
  });
  app.use((_req: http.IncomingMessage, res: http.ServerResponse, next: Next) => {
    work.notFound().then((answer) => json(res, 404, answer), next);
  });
  app.use((error: Error, _req: http.IncomingMessage, res: http.ServerResponse, _next: Next) => json(res, 500, { error: error.message }));
  return app;
}

requestScopeSuite('Connect', () => listen(http.createServer(app())), {
  chat: 'POST /api/chats/:id',
  stream: 'GET /api/stream/:id',
  fail: 'GET /api/fail/:id',
  limited: 'GET /api/limited/:id',
  unmatched: 'GET (unmatched)',
});
