import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { createNamespace } from 'cls-hooked';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit, { MissingTagsError, clsHookedTags, withTags } from '../src/index.js';
import { collector } from './helpers/collect.js';

let mock: MockProvider;
let client: OpenAI;
const messages = [{ role: 'user' as const, content: 'hi' }];

beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
  client = new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
afterAll(() => mock.close());
afterEach(() => costkit.shutdown());

async function calls(sink: ReturnType<typeof collector>) {
  await costkit.flush();
  return sink.calls();
}

describe('attribution under concurrency', () => {
  it('gives each of 500 concurrent HTTP requests exactly its own tags', async () => {
    const sink = collector();
    await costkit.init({ exporters: [sink] });
    const app = http.createServer((req, res) => {
      const id = new URL(req.url!, 'http://x').searchParams.get('id')!;
      void withTags({ request: id, team: `team-${Number(id) % 7}` }, async () => {
        // Yield to the event loop between the scope start and the call, so scopes interleave.
        await new Promise((resolve) => setImmediate(resolve));
        const stream = Number(id) % 2 === 0;
        if (stream) {
          const s = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
          for await (const _ of s) void _;
        } else {
          await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
        }
        res.end(id);
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const { port } = app.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const get = (id: number) =>
      new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: `/?id=${id}`, agent }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
    const ids = Array.from({ length: 500 }, (_, i) => i);
    expect(await Promise.all(ids.map(get))).toEqual(ids.map(String));
    agent.destroy();
    await new Promise((resolve) => app.close(resolve));

    const recorded = await calls(sink);
    expect(recorded).toHaveLength(500);
    const byRequest = new Map(recorded.map((e) => [e.tags.request, e]));
    expect(byRequest.size).toBe(500);
    for (const id of ids) {
      const event = byRequest.get(String(id))!;
      expect(event.tags).toEqual({ request: String(id), team: `team-${id % 7}` });
      expect(event.stream).toBe(id % 2 === 0);
    }
  });

  it('gives every call of one interaction (nested scopes, fan-out, streams) the outermost scope\'s interactionId', async () => {
    const sink = collector();
    await costkit.init({ exporters: [sink] });
    const action = (user: string) =>
      withTags({ customer: user }, async () => {
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
        await Promise.all(
          ['plan', 'search', 'answer'].map((agent) =>
            withTags({ feature: agent }, async () => {
              const s = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
              for await (const _ of s) void _;
            }),
          ),
        );
      });
    await Promise.all([action('a'), action('b')]);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });

    const recorded = await calls(sink);
    expect(recorded).toHaveLength(9);
    const outside = recorded.filter((e) => !e.tags.customer);
    expect(outside.map((e) => e.interactionId)).toEqual([null]);
    const idsOf = (user: string) => new Set(recorded.filter((e) => e.tags.customer === user).map((e) => e.interactionId));
    expect(idsOf('a').size).toBe(1);
    expect(idsOf('b').size).toBe(1);
    const [a] = idsOf('a');
    const [b] = idsOf('b');
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it('captures tags at call start, so a stream read outside the scope keeps them', async () => {
    const sink = collector();
    await costkit.init({ exporters: [sink] });
    const stream = await withTags({ team: 'late-reader' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    for await (const _ of stream) void _;
    const [event] = await calls(sink);
    expect(event!.tags).toEqual({ team: 'late-reader' });
  });
});

describe('defaultTags, tagSources and requiredTags', () => {
  it('gives untagged calls the default owner with tagged: false', async () => {
    const sink = collector();
    await costkit.init({ exporters: [sink], defaultTags: { team: 'platform' } });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await withTags({ feature: 'search' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    await withTags({ team: 'search' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    const [untagged, partly, owned] = await calls(sink);
    expect(untagged).toMatchObject({ tags: { team: 'platform' }, tagged: false });
    expect(partly).toMatchObject({ tags: { team: 'platform', feature: 'search' }, tagged: true });
    expect(owned).toMatchObject({ tags: { team: 'search' }, tagged: true });
  });

  it('merges tagSources under the scope tags, read at call start', async () => {
    const sink = collector();
    let tenant = 'acme';
    await costkit.init({ exporters: [sink], tagSources: [() => ({ tenant, team: 'from-source' })] });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    tenant = 'globex';
    await withTags({ team: 'scope-wins' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    const [first, second] = await calls(sink);
    expect(first!.tags).toEqual({ tenant: 'acme', team: 'from-source' });
    expect(second!.tags).toEqual({ tenant: 'globex', team: 'scope-wins' });
  });

  it('reads an app cls-hooked namespace through clsHookedTags', async () => {
    const sink = collector();
    const ns = createNamespace('costkit-test-request');
    await costkit.init({ exporters: [sink], tagSources: [clsHookedTags(ns, ['tenant', 'requestId'])] });
    await Promise.all(
      ['t1', 't2', 't3'].map(
        (tenant, i) =>
          new Promise<void>((resolve, reject) => {
            ns.run(() => {
              ns.set('tenant', tenant);
              ns.set('requestId', 1000 + i);
              setTimeout(() => {
                client.chat.completions.create({ model: 'gpt-4o-mini', messages }).then(() => resolve(), reject);
              }, 3 - i);
            });
          }),
      ),
    );
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const recorded = await calls(sink);
    const tagSets = recorded.map((e) => e.tags);
    expect(tagSets).toContainEqual({ tenant: 't1', requestId: '1000' });
    expect(tagSets).toContainEqual({ tenant: 't2', requestId: '1001' });
    expect(tagSets).toContainEqual({ tenant: 't3', requestId: '1002' });
    expect(recorded.at(-1)).toMatchObject({ tags: {}, tagged: false });
  });

  it("warns once per missing required tag with onMissingTags 'warn'", async () => {
    const sink = collector();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    await costkit.init({ exporters: [sink], requiredTags: ['team', 'feature'] });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await withTags({ team: 'x' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(await calls(sink)).toHaveLength(2);
    expect(warnings.filter((w) => w.includes("required tag 'team'"))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes("required tag 'feature'"))).toHaveLength(1);
  });

  it("refuses an untagged call before anything is sent with onMissingTags 'throw'", async () => {
    const sink = collector();
    await costkit.init({ exporters: [sink], requiredTags: ['team'], onMissingTags: 'throw' });
    mock.reset();
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingTagsError);
    expect((error as MissingTagsError).code).toBe('COSTKIT_MISSING_TAGS');
    expect((error as Error).message).toMatch(/withTags\(\{ team/);
    expect(mock.exchanges).toHaveLength(0);
    await withTags({ team: 'ok' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    expect(await calls(sink)).toHaveLength(1);
  });
});
