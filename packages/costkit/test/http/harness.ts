import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit, { withTags, type CallEvent } from '../../src/index.js';
import { currentInteractionId } from '../../src/http/index.js';
import { collector } from '../helpers/collect.js';

/**
 * The work every framework's test app does, written once: real OpenAI SDK calls
 * against the mock provider. Each framework file wires these into its own routes
 * and runs `requestScopeSuite` against its server on a loopback port.
 */
export interface Work {
  /** POST /api/chats/:id: one call, then a nested `withTags({ feature: 'answer' })` scope with a second (streamed when asked). */
  chat(stream: boolean): Promise<{ interactionId: string | null }>;
  /** GET /api/stream/:id: streams the model's answer to the response as it arrives. */
  stream(write: (text: string) => void): Promise<void>;
  /** GET /api/fail/:id: one call, then the handler throws. */
  fail(): Promise<never>;
  /** GET /api/limited/:id: a call the provider refuses with a 429; the SDK's error reaches the handler. */
  rateLimited(): Promise<{ status: number | undefined; interactionId: string | null }>;
  /** The 404 handler: one call, so the unmatched route tag can be seen. */
  notFound(): Promise<{ interactionId: string | null }>;
}

export interface App {
  url: string;
  close(): Promise<void>;
}

/** The route tag each framework must give (the template it knows, never the URL). */
export interface ExpectedRoutes {
  chat: string;
  stream: string;
  fail: string;
  limited: string;
  unmatched: string;
}

let mock: MockProvider;
let client: OpenAI;
let sink: ReturnType<typeof collector>;
const messages = [{ role: 'user' as const, content: 'Summarize the conversation so far.' }];
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export const work: Work = {
  async chat(stream) {
    // Yield between the scope start and each call, so 100 requests interleave.
    await tick();
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await withTags({ feature: 'answer' }, async () => {
      await tick();
      if (!stream) return client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const chunks = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
      for await (const _ of chunks) await tick();
    });
    return { interactionId: currentInteractionId() };
  },
  async stream(write) {
    const chunks = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of chunks) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) write(text);
    }
  },
  async fail() {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    throw new Error('the handler failed after its call');
  },
  async rateLimited() {
    try {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-fault': 'status=429' } });
      return { status: 200, interactionId: currentInteractionId() };
    } catch (error) {
      return { status: (error as { status?: number }).status, interactionId: currentInteractionId() };
    }
  },
  async notFound() {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    return { interactionId: currentInteractionId() };
  },
};

/** The customer header is sent by two requests in three, to check an absent header leaves the tag out. */
export const customerOf = (i: number) => (i % 3 === 0 ? undefined : `customer-${i}`);


/** The call events recorded so far in this test, checked against the schema. */
export async function recorded(): Promise<CallEvent[]> {
  return sink.recorded();
}

/** The behaviour every request-scope helper must have, against a real server of its framework. */
export function requestScopeSuite(name: string, start: () => Promise<App>, routes: ExpectedRoutes, more?: (app: () => App) => void): void {
  describe(`${name}: one scope per request`, () => {
    let app: App;
    beforeAll(async () => {
      mock = await startMockProvider({ port: 0 });
      client = new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/v1`, maxRetries: 0 });
      app = await start();
    });
    afterAll(async () => {
      await app?.close();
      await mock?.close();
    });
    beforeEach(async () => {
      sink = collector();
      await costkit.init({ exporters: [sink] });
    });
    afterEach(() => costkit.shutdown());

    it('gives each of 100 concurrent requests its own scope: route template, header tags, one interactionId shared with nested withTags', async () => {
      const ids = Array.from({ length: 100 }, (_, i) => i);
      const answers = await Promise.all(
        ids.map(async (i) => {
          const customer = customerOf(i);
          const res = await fetch(`${app.url}/api/chats/${1000 + i}?page=${i}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(customer ? { 'x-customer-id': customer } : {}) },
            body: JSON.stringify({ stream: i % 2 === 0 }),
          });
          expect(res.status).toBe(200);
          return (await res.json()) as { interactionId: string };
        }),
      );
      const events = await recorded();
      expect(events).toHaveLength(200);
      expect(new Set(answers.map((a) => a.interactionId)).size).toBe(100);
      for (const i of ids) {
        const { interactionId } = answers[i]!;
        expect(interactionId).toMatch(/^[0-9a-f-]{36}$/);
        const mine = events.filter((e) => e.interactionId === interactionId);
        const customer = customerOf(i);
        const base = { route: routes.chat, ...(customer ? { customer } : {}) };
        expect(mine.map((e) => e.tags)).toEqual([base, { ...base, feature: 'answer' }]);
        expect(mine.map((e) => e.stream)).toEqual([false, i % 2 === 0]);
        expect(mine.every((e) => e.tagged && e.status === 'ok')).toBe(true);
      }
    });

    it('keeps the scope across a body that arrives in many socket reads', async () => {
      // ~90 KB (under Express's default 100 kb JSON limit): read after the request
      // started, from socket events that run outside the request's async context.
      const body = JSON.stringify({ stream: false, notes: 'n'.repeat(90_000) });
      const res = await fetch(`${app.url}/api/chats/5`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': 'big' }, body });
      const { interactionId } = (await res.json()) as { interactionId: string };
      const events = await recorded();
      expect(events.map((e) => [e.interactionId, e.tags])).toEqual([
        [interactionId, { route: routes.chat, customer: 'big' }],
        [interactionId, { route: routes.chat, customer: 'big', feature: 'answer' }],
      ]);
    });

    it('tags a streamed response with its route while the answer streams to the client', async () => {
      const res = await fetch(`${app.url}/api/stream/7`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body.length).toBeGreaterThan(0);
      const [event] = await recorded();
      expect(event).toMatchObject({ stream: true, status: 'ok', tags: { route: routes.stream } });
      expect(event!.usage?.outputTokens).toBeGreaterThan(0);
      expect(event!.interactionId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('keeps a throwing handler the framework’s own error, and its call tagged; the next request gets a fresh scope', async () => {
      const failed = await fetch(`${app.url}/api/fail/1`);
      expect(failed.status).toBe(500);
      const next = await fetch(`${app.url}/api/chats/2`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': 'after' }, body: '{}' });
      const { interactionId } = (await next.json()) as { interactionId: string };
      const [fail, ...rest] = await recorded();
      expect(fail!.tags).toEqual({ route: routes.fail });
      expect(fail!.interactionId).not.toBe(interactionId);
      expect(rest.map((e) => e.tags.route)).toEqual([routes.chat, routes.chat]);
      expect(rest.every((e) => e.interactionId === interactionId && e.tags.customer === 'after')).toBe(true);
    });

    it('hands the SDK’s error to the handler unchanged and records the failed call in the request’s scope', async () => {
      const res = await fetch(`${app.url}/api/limited/3`);
      const { status, interactionId } = (await res.json()) as { status: number; interactionId: string };
      expect(status).toBe(429);
      const [event] = await recorded();
      expect(event).toMatchObject({ status: 'error', interactionId, tags: { route: routes.limited }, error: { status: 429 } });
    });

    it('takes the interaction id from x-request-id when it is valid, and makes one when it is not', async () => {
      const sent = ['req_01HZX-9f:abc/1', 'x'.repeat(129), 'has space', undefined];
      const answers = [];
      for (const id of sent) {
        const res = await fetch(`${app.url}/api/chats/9`, { method: 'POST', headers: { 'content-type': 'application/json', ...(id ? { 'x-request-id': id } : {}) }, body: '{}' });
        answers.push(((await res.json()) as { interactionId: string }).interactionId);
      }
      expect(answers[0]).toBe('req_01HZX-9f:abc/1');
      for (const generated of answers.slice(1)) expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const events = await recorded();
      expect(events.map((e) => e.interactionId)).toEqual(answers.flatMap((a) => [a, a]));
    });

    it('tags a request no route matched with a stable unmatched route, never its URL', async () => {
      const paths = ['/nope/123?x=1', '/other/abc'];
      const answers = [];
      for (const path of paths) {
        const res = await fetch(`${app.url}${path}`);
        expect(res.status).toBe(404);
        answers.push(((await res.json()) as { interactionId: string }).interactionId);
      }
      const events = await recorded();
      expect(events.map((e) => e.tags)).toEqual([{ route: routes.unmatched }, { route: routes.unmatched }]);
      expect(events.map((e) => e.interactionId)).toEqual(answers);
      expect(answers[0]).not.toBe(answers[1]);
    });

    more?.(() => app);
  });
}
