import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A collector for replay tests: a real HTTP server on 127.0.0.1 that stores events by
 * id (a second copy of an id is counted, not stored) and can be told to fail.
 */
export interface Collector {
  url: string;
  stored: Map<string, unknown>;
  /** Every event received, duplicates included. */
  received: number;
  requests: Array<{ ids: string[]; idempotencyKey: string | undefined }>;
  /**
   * What request number n (from 1) gets: 'ok', 'status' (a 500, nothing stored) or
   * 'drop-ack' (the batch is stored, then the connection drops before the answer).
   */
  behave: (n: number) => 'ok' | 'status' | 'drop-ack';
  close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const collector = { stored: new Map(), received: 0, requests: [], behave: () => 'ok' } as unknown as Collector;
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fault = collector.behave(++count);
      if (fault === 'status') {
        res.writeHead(500).end('collector down for maintenance');
        return;
      }
      const body = Buffer.concat(chunks);
      const events = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')) as Array<{ id: string }>;
      collector.requests.push({ ids: events.map((e) => e.id), idempotencyKey: req.headers['idempotency-key'] as string | undefined });
      for (const e of events) {
        collector.received++;
        if (!collector.stored.has(e.id)) collector.stored.set(e.id, e);
      }
      if (fault === 'drop-ack') req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/costkit`;
  collector.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return collector;
}

/** A URL where nothing listens: a server started on a free port and closed again. */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/costkit`;
}
