import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { CannedResponse, Exchange, Fault, Knobs, MockRequest, Reply, Route } from './types.js';
import { FaultQueue, matches, parseFaultHeader } from './faults.js';
import { parseSse } from './sse.js';
import { openaiRoute } from './providers/openai.js';
import { anthropicRoute } from './providers/anthropic.js';
import { googleRoute } from './providers/google.js';

const ROUTES: Route[] = [openaiRoute, anthropicRoute, googleRoute];

export interface MockProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

export interface MockProvider {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** Every exchange, in order of arrival. */
  readonly exchanges: readonly Exchange[];
  /** Fails the next `times` (default 1) requests whose path matches. */
  fail(fault: Fault, options?: { times?: number; path?: string | RegExp }): void;
  /** Answers the next request whose path matches with a canned (recorded) response. */
  enqueue(response: CannedResponse, options?: { path?: string | RegExp }): void;
  /** Clears exchanges, queued faults and canned responses. */
  reset(): void;
  close(): Promise<void>;
}

export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const exchanges: Exchange[] = [];
  const faults = new FaultQueue();
  let canned: { response: CannedResponse; path: string | RegExp | undefined }[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://mock');
      const request: MockRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
        body: parseBody(Buffer.concat(chunks)),
      };
      const route = ROUTES.find((r) => r.match(request.method, request.path, request.query));
      const operation = route?.match(request.method, request.path, request.query);
      if (!route || !operation) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `mock provider: no route for ${request.method} ${request.path}` } }));
        return;
      }
      const fault = faults.take(request.path) ?? parseFaultHeader(request.headers['x-mock-fault']);
      const exchange: Exchange = {
        provider: route.provider,
        operation,
        method: request.method,
        path: request.path,
        query: request.query,
        headers: request.headers,
        body: request.body,
        status: 0,
        fault,
        stream: route.isStream(request, operation),
        usage: null,
        usageBlocks: [],
      };
      exchanges.push(exchange);
      const cannedIndex = canned.findIndex((c) => matches(c.path, request.path));
      const reply = cannedIndex >= 0 ? fromCanned(canned.splice(cannedIndex, 1)[0]!.response, route) : answer(route, request, operation, fault);
      if (reply === 'reset') {
        exchange.status = 0;
        req.socket.destroy();
        return;
      }
      exchange.status = reply.status;
      exchange.usageBlocks = reply.usageBlocks;
      exchange.usage = reply.usageBlocks.at(-1) ?? null;
      const send = () => write(res, reply, fault);
      if (fault?.type === 'slowFirstByte') setTimeout(send, fault.delayMs);
      else send();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    exchanges,
    fail: (fault, opts) => faults.add(fault, opts?.times ?? 1, opts?.path),
    enqueue: (response, opts) => canned.push({ response, path: opts?.path }),
    reset() {
      exchanges.length = 0;
      faults.clear();
      canned = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function parseBody(buffer: Buffer): any {
  if (buffer.length === 0) return {};
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    return buffer.toString('utf8');
  }
}

function knobs(request: MockRequest): Knobs {
  const num = (name: string) => (request.headers[name] !== undefined ? Number(request.headers[name]) : undefined);
  return {
    outputTokens: num('x-mock-output-tokens'),
    cachedTokens: num('x-mock-cached-tokens'),
    anthropicCumulativeDelta: request.headers['x-mock-anthropic-cumulative-delta'] === '1',
  };
}

function answer(route: Route, request: MockRequest, operation: string, fault: Fault | null): Reply | 'reset' {
  if (fault?.type === 'reset') return 'reset';
  if (fault?.type === 'status') {
    const reply = route.error(fault.status, `mock provider: injected ${fault.status}`);
    if (fault.retryAfterSeconds !== undefined) reply.headers['retry-after'] = String(fault.retryAfterSeconds);
    if (fault.retryAfterMs !== undefined) reply.headers['retry-after-ms'] = String(fault.retryAfterMs);
    return reply;
  }
  return route.handle(request, operation, knobs(request));
}

function fromCanned(response: CannedResponse, route: Route): Reply {
  const status = response.status ?? 200;
  if (response.sse !== undefined) {
    const usageBlocks = parseSse(response.sse).map((payload) => route.usageOf(payload)).filter((u) => u !== undefined);
    return { status, headers: { 'content-type': 'text/event-stream', ...response.headers }, frames: [response.sse], usageBlocks };
  }
  const usage = route.usageOf(response.json);
  return { status, headers: { ...response.headers }, json: response.json, usageBlocks: usage === undefined ? [] : [usage] };
}

function write(res: http.ServerResponse, reply: Reply, fault: Fault | null): void {
  if (!reply.frames) {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  const limit = fault?.type === 'truncateStream' ? fault.afterEvents : Infinity;
  if (limit >= reply.frames.length) {
    res.end(reply.frames.join(''));
    return;
  }
  // A truncated stream ends without its terminator, as a dropped connection does:
  // the first frames reach the client, then the socket is destroyed.
  res.flushHeaders();
  res.write(reply.frames.slice(0, limit).join(''), () => setImmediate(() => res.socket?.destroy()));
}
