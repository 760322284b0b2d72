import http from 'node:http';
import { expect, it } from 'vitest';
import { createAdaptorServer } from '@hono/node-server';
import { withTags } from '../../src/index.js';
import { currentInteractionId, withRequest } from '../../src/http/index.js';
import { recorded, requestScopeSuite, work, type Work } from './harness.js';
import { listen } from './listen.js';

// Plain node:http and Web-Request handlers have no router: the app names the
// route (for Next.js, the route's folder path) and withRequest adds the method.
const routes: Array<[RegExp, string, (work: Work, body: { stream?: boolean }, write: (text: string) => void) => Promise<unknown>]> = [
  [/^\/api\/chats\/[^/]+$/, 'chats', (w, body) => w.chat(Boolean(body.stream))],
  [/^\/api\/stream\/[^/]+$/, 'stream', (w, _body, write) => w.stream(write)],
  [/^\/api\/fail\/[^/]+$/, 'fail', (w) => w.fail()],
  [/^\/api\/limited\/[^/]+$/, 'limited', (w) => w.rateLimited()],
];
const match = (pathname: string) => routes.find(([pattern]) => pattern.test(pathname));

function nodeServer(): http.Server {
  return http.createServer((req, res) => {
    const { pathname } = new URL(req.url!, 'http://localhost');
    const found = match(pathname);
    const options = {
      route: found && `/api/${found[1]}/:id`,
      tags: { customer: req.headers['x-customer-id'] },
      interactionId: req.headers['x-request-id'] as string | undefined,
    };
    void withRequest(req, async () => {
      try {
        let text = '';
        for await (const chunk of req) text += chunk;
        if (!found) return res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(await work.notFound()));
        if (found[1] === 'stream') res.writeHead(200, { 'content-type': 'text/plain' });
        const answer = await found[2](work, JSON.parse(text || '{}'), (chunk) => res.write(chunk));
        if (found[1] === 'stream') return res.end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      } catch (error) {
        res.writeHead(500).end(JSON.stringify({ error: (error as Error).message }));
      }
    }, options);
  });
}

/** A Next.js-style route handler: a Web Request in, a Web Response out (served here by a fetch-style node server). */
async function routeHandler(req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  const found = match(pathname);
  return withRequest(
    req,
    async () => {
      try {
        if (!found) return Response.json(await work.notFound(), { status: 404 });
        const body = req.method === 'POST' ? ((await req.json()) as { stream?: boolean }) : {};
        if (found[1] !== 'stream') return Response.json(await found[2](work, body, () => {}));
        const encoder = new TextEncoder();
        // The provider call starts inside the scope, in start(); the stream is read later.
        return new Response(
          new ReadableStream({
            async start(controller) {
              await work.stream((text) => controller.enqueue(encoder.encode(text)));
              controller.close();
            },
          }),
        );
      } catch (error) {
        return Response.json({ error: (error as Error).message }, { status: 500 });
      }
    },
    { route: found && `/api/${found[1]}/[id]`, tags: { customer: req.headers.get('x-customer-id') }, interactionId: req.headers.get('x-request-id') },
  );
}

requestScopeSuite(
  'withRequest on node:http',
  () => listen(nodeServer()),
  { chat: 'POST /api/chats/:id', stream: 'GET /api/stream/:id', fail: 'GET /api/fail/:id', limited: 'GET /api/limited/:id', unmatched: 'GET (unmatched)' },
  () => {
    it('starts a new interaction per request on a server started inside withTags, keeping the outer tags', async () => {
      const app = await withTags({ team: 'platform' }, () => listen(nodeServer()));
      try {
        const ids = [];
        for (const n of [1, 2]) {
          const res = await fetch(`${app.url}/api/chats/${n}`, { method: 'POST', body: '{}' });
          ids.push(((await res.json()) as { interactionId: string }).interactionId);
        }
        expect(ids[0]).not.toBe(ids[1]);
        const events = await recorded();
        expect(events.map((e) => [e.interactionId, e.tags.team, e.tags.route])).toEqual([
          [ids[0], 'platform', 'POST /api/chats/:id'],
          [ids[0], 'platform', 'POST /api/chats/:id'],
          [ids[1], 'platform', 'POST /api/chats/:id'],
          [ids[1], 'platform', 'POST /api/chats/:id'],
        ]);
      } finally {
        await app.close();
      }
    });

    it('returns what the function returns, and currentInteractionId() is null outside any scope', async () => {
      expect(currentInteractionId()).toBeNull();
      const inside = withRequest({ method: 'GET' }, () => currentInteractionId());
      expect(inside).toMatch(/^[0-9a-f-]{36}$/);
      expect(await withRequest({ method: 'GET' }, async () => 42)).toBe(42);
      expect(currentInteractionId()).toBeNull();
      expect(withTags({ team: 'a' }, () => withRequest({ method: 'GET' }, () => currentInteractionId()) !== currentInteractionId())).toBe(true);
    });

    it('rejects bad arguments where the app wrote them, naming the field', () => {
      expect(() => withRequest({ method: 'GET' }, 'nope' as never)).toThrow(/second argument must be the function/);
      expect(() => withRequest({ method: 'GET' }, () => 1, { route: 7 as never })).toThrow(/options.route must be the route template/);
    });
  },
);

requestScopeSuite('withRequest on a Web Request (Next.js route handlers)', () => listen(createAdaptorServer({ fetch: routeHandler }) as http.Server), {
  chat: 'POST /api/chats/[id]',
  stream: 'GET /api/stream/[id]',
  fail: 'GET /api/fail/[id]',
  limited: 'GET /api/limited/[id]',
  unmatched: 'GET (unmatched)',
});
