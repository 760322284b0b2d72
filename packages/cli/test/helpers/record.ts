import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit from 'costkit';
import OpenAI from 'openai';
import { vi } from 'vitest';

export interface Clients {
  openai: OpenAI;
  anthropic: Anthropic;
  google: GoogleGenAI;
  mock: MockProvider;
  /** Calls made after this start at `iso` (only Date is faked: timers and sockets run for real). */
  at(iso: string): void;
}

export function tempDir(prefix = 'costkit-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Records a ledger the way an app does: costkit.init with the file exporter, the
 * real SDKs talking HTTP to the mock provider, then shutdown (every event written).
 */
export async function recordLedger(path: string, run: (clients: Clients) => Promise<void>, init: Partial<Parameters<typeof costkit.init>[0]> = {}): Promise<void> {
  const mock = await startMockProvider();
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    await costkit.init({ service: 'cli-test', environment: 'test', defaultTags: { team: 'platform' }, exporters: [{ type: 'file', path }], ...init });
    const clients: Clients = {
      openai: new OpenAI({ apiKey: 'mock', baseURL: `${mock.url}/v1`, maxRetries: 0 }),
      anthropic: new Anthropic({ apiKey: 'mock', baseURL: mock.url, maxRetries: 0 }),
      google: new GoogleGenAI({ apiKey: 'mock', httpOptions: { baseUrl: mock.url } }),
      mock,
      at: (iso) => vi.setSystemTime(new Date(iso)),
    };
    await run(clients);
    await costkit.shutdown();
  } finally {
    vi.useRealTimers();
    await mock.close();
  }
}
