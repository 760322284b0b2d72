import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { CallEvent } from '../../src/event.js';

const root = resolve(__dirname, '../../../..');

/** A fresh temporary directory. */
export function tempDir(prefix = 'costkit-exporters-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Bundles a TypeScript harness (and the costkit source it imports) into one .mjs
 * that a child `node` process can run, without depending on a prior build.
 */
export function bundle(entry: string): string {
  const out = join(tempDir('costkit-harness-'), 'harness.mjs');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', `--outfile=${out}`, '--log-level=warning'], { stdio: 'pipe' });
  return out;
}

let counter = 0;

/** A complete, valid call event. */
export function callEvent(overrides: Partial<CallEvent> = {}): CallEvent {
  counter++;
  return {
    schema: 'costkit.call/1',
    id: `evt-${process.pid}-${counter}`,
    timestamp: '2026-11-22T10:00:00.000Z',
    service: 'svc',
    environment: 'test',
    provider: 'openai',
    operation: 'chat.completions',
    model: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    stream: false,
    status: 'ok',
    error: null,
    tags: { team: 'search', feature: 'summarize' },
    tagged: true,
    usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 1500 },
    cost: { currency: 'USD', input: 0.00003, cacheRead: 0.000075, cacheWrite: 0, output: 0.00018, total: 0.000285, totalPicoUsd: 285_000_000, priceRef: 'openai/gpt-4o-mini', version: 'test' },
    latencyMs: 812.4,
    timeToFirstTokenMs: null,
    attempts: 1,
    finishReason: 'stop',
    requestId: 'req_abc123',
    ...overrides,
  } as CallEvent;
}

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The events in the body (gunzipped, JSON array or NDJSON). */
  events: { id: string }[];
  socket: number;
}

export type Responder = (request: ReceivedRequest, res: ServerResponse, req: IncomingMessage) => unknown;

/** A real collector on 127.0.0.1 and an ephemeral port; `respond` decides each answer. */
export async function collector(respond: Responder = (_r, res) => res.end()): Promise<{
  url: string;
  server: Server;
  requests: ReceivedRequest[];
  ids: () => Set<string>;
  sockets: () => number;
  close: () => Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Map<object, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString();
      const events = req.headers['content-type']?.includes('ndjson')
        ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l))
        : (JSON.parse(text || '[]') as { id: string }[]);
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
      const request = { headers: req.headers, body, events, socket: sockets.get(req.socket)! };
      void respond(request, res, req);
      // Only what the collector accepted counts as received.
      res.on('finish', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) requests.push(request);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/events`,
    server,
    requests,
    ids: () => new Set(requests.flatMap((r) => r.events.map((e) => e.id))),
    sockets: () => sockets.size,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Reads a JSON lines file into parsed objects, failing on any line that is not JSON. */
export function readJsonLines(text: string): { id: string }[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { id: string });
}
