import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { withTags } from '../../../src/index.js';

/**
 * The app under load: a plain node:http server whose every request makes one
 * provider call inside a request scope (`tenant` and `rid` tags from its
 * headers), plain or streamed, forwarding the load generator's fault header to
 * the provider, and answering 200 with what it got or 502 with the error.
 */
export interface SoakApp {
  url: string;
  close(): Promise<void>;
}

const messages = [{ role: 'user' as const, content: 'Summarize the quarterly report in one line.' }];

export async function startApp(mockUrl: string): Promise<SoakApp> {
  const openai = new OpenAI({ apiKey: 'k', baseURL: `${mockUrl}/v1`, maxRetries: 1 });
  const anthropic = new Anthropic({ apiKey: 'k', baseURL: mockUrl, maxRetries: 1 });
  const genai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: mockUrl } });

  async function call(kind: string, fault: string | undefined): Promise<string> {
    const headers: Record<string, string> = fault ? { 'x-mock-fault': fault } : {};
    switch (kind) {
      case 'openai':
        return (await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers })).choices[0]!.message.content ?? '';
      case 'openai-stream': {
        let text = '';
        for await (const chunk of await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers })) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      }
      case 'anthropic': {
        const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages }, { headers });
        return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      }
      case 'anthropic-stream': {
        let text = '';
        for await (const event of await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages, stream: true }, { headers })) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        }
        return text;
      }
      case 'google':
        return (await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config: { httpOptions: { headers } } })).text ?? '';
      default: {
        let text = '';
        for await (const chunk of await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi', config: { httpOptions: { headers } } })) text += chunk.text ?? '';
        return text;
      }
    }
  }

  const server = http.createServer((req, res) => {
    const tenant = String(req.headers['x-tenant']);
    const rid = String(req.headers['x-rid']);
    const kind = String(req.headers['x-kind']);
    const fault = req.headers['x-fault'] as string | undefined;
    withTags({ tenant, rid, route: 'POST /summarize' }, () => call(kind, fault)).then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text),
      (error: Error) => res.writeHead(502, { 'content-type': 'text/plain' }).end(error.constructor.name),
    );
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
