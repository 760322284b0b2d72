import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startMockProvider, type MockProvider } from '../src/index.js';

/** One mock per test file, reset before each test. */
export function useMock(): { readonly mock: MockProvider } {
  const holder = {} as { mock: MockProvider };
  beforeAll(async () => {
    holder.mock = await startMockProvider({ port: 0 });
  });
  afterAll(() => holder.mock.close());
  beforeEach(() => holder.mock.reset());
  return holder;
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
}

export const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

/** Reads a body to its end or its failure: what arrived, and the error if the connection dropped. */
export async function readAll(res: Response): Promise<{ text: string; error: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Anthropic / Responses event names, in order. */
export const eventNames = (sse: string) => [...sse.matchAll(/^event: (\S+)/gm)].map((m) => m[1]);
