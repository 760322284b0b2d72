import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMockProvider } from '../src/index.js';
import { json, post } from './helpers.js';

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(6000) }] };

/** A request through node's http with a keep-alive agent, as the SDKs' default transports do. */
function keepAliveRequest(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(chat));
  });
}

describe('the server', () => {
  it('listens on 127.0.0.1 on a free port, and close() does not wait for keep-alive connections', async () => {
    const mock = await startMockProvider();
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect(mock.port).toBeGreaterThan(0);
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    expect(await keepAliveRequest(mock.url, agent)).toBe(200);
    expect(Object.keys(agent.freeSockets)).toHaveLength(1);
    await mock.close();
    await mock.close(); // idempotent
    await expect(fetch(`${mock.url}/health`)).rejects.toThrow();
    agent.destroy();
  });

  it('closes with a held-back response pending, failing that request instead of hanging', async () => {
    const mock = await startMockProvider();
    mock.fail({ type: 'slowFirstByte', delayMs: 60_000 });
    const pending = post(`${mock.url}/v1/chat/completions`, chat);
    while (mock.exchanges.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await mock.close();
    await expect(pending).rejects.toThrow();
  });

  it('keeps each server its own prompt cache', async () => {
    const a = await startMockProvider();
    const b = await startMockProvider();
    try {
      await post(`${a.url}/v1/chat/completions`, chat);
      expect((await json(post(`${b.url}/v1/chat/completions`, chat))).usage.prompt_tokens_details.cached_tokens).toBe(0);
      expect((await json(post(`${a.url}/v1/chat/completions`, chat))).usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('records exchanges in order; reset() clears them with every queued fault and canned response', async () => {
    const mock = await startMockProvider();
    try {
      await post(`${mock.url}/v1/chat/completions`, chat);
      await post(`${mock.url}/v1/messages`, { model: 'claude-haiku-4-5', max_tokens: 10, messages: [] });
      expect(mock.exchanges.map((e) => e.provider)).toEqual(['openai', 'anthropic']);
      mock.fail({ type: 'status', status: 500 }, { times: 5 });
      mock.enqueue({ json: { canned: true } });
      mock.reset();
      expect(mock.exchanges).toHaveLength(0);
      expect((await json(post(`${mock.url}/v1/chat/completions`, chat))).object).toBe('chat.completion');
    } finally {
      await mock.close();
    }
  });

  it('answers 404 for unknown paths (unrecorded), a health check, and a provider-shaped 400 for a body that is not a JSON object', async () => {
    const mock = await startMockProvider();
    try {
      const missing = await post(`${mock.url}/v1/nothing`, {});
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.message).toMatch(/no route for POST \/v1\/nothing/);
      expect(await json(fetch(`${mock.url}/health`))).toMatchObject({ ok: true });
      expect(mock.exchanges).toHaveLength(0);
      const bad = await fetch(`${mock.url}/v1/messages`, { method: 'POST', body: '{not json' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).type).toBe('error');
      expect(mock.exchanges[0]).toMatchObject({ provider: 'anthropic', status: 400, body: '{not json' });
    } finally {
      await mock.close();
    }
  });

  it('survives a client that abandons a stream mid-way, and keeps serving', async () => {
    const mock = await startMockProvider();
    try {
      const res = await post(`${mock.url}/v1/chat/completions`, { ...chat, stream: true }, { 'x-mock-output-tokens': '5000' });
      const reader = res.body!.getReader();
      await reader.read();
      await reader.cancel();
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(`${mock.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: 'a' }).then((r) => r.status)));
      expect(answers.every((status) => status === 200)).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
