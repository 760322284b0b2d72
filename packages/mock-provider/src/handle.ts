/**
 * One request, start to finish: read it, find its route, pick what answers it
 * (an injected fault, a canned response, or the provider's generated answer),
 * record the exchange, write the reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Exchange, Fault } from './types.js';
import type { Reply, Route } from './route.js';
import type { FaultQueue } from './faults.js';
import type { CacheMemory } from './cache-memory.js';
import { parseFaultHeader } from './faults.js';
import { cannedReply, type CannedQueue } from './canned.js';
import { knobsOf, parseRequest, readBody } from './request.js';
import { guessProvider, routeFor } from './providers/index.js';
import { writeReply, type Later } from './respond.js';

export interface ServerState {
  exchanges: Exchange[];
  faults: FaultQueue;
  canned: CannedQueue;
  caches: CacheMemory;
  later: Later;
}

export async function handle(req: IncomingMessage, res: ServerResponse, state: ServerState): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch {
    return; // the client went away mid-request: nothing to answer
  }
  const { request, invalidJson } = parseRequest(req, raw);
  const routed = routeFor(request.method, request.path);
  if (!routed && !state.canned.has(request.path)) {
    if (request.method === 'GET' && (request.path === '/' || request.path === '/health')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, name: '@costkit/mock-provider' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `mock provider: no route for ${request.method} ${request.path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } }));
    return;
  }
  const route: Route = routed?.route ?? guessProvider(request.path);

  let fault: Fault | null = null;
  let badFault: string | undefined;
  try {
    fault = state.faults.take(request.path) ?? parseFaultHeader(request.headers['x-mock-fault']);
  } catch (error) {
    badFault = (error as Error).message;
  }

  const exchange: Exchange = {
    provider: route.provider,
    operation: routed?.operation ?? request.path,
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: request.body,
    status: 0,
    fault,
    stream: route.isStream(request, routed?.operation ?? ''),
    usage: null,
    usageBlocks: [],
  };
  state.exchanges.push(exchange);

  if (fault?.type === 'reset') {
    req.socket.destroy();
    return;
  }
  const reply = answer();
  if (reply.events) exchange.stream = true;
  writeReply(res, reply, fault, exchange, state.later);

  function answer(): Reply {
    if (badFault) return route.error(400, badFault);
    // A fault wins over a queued canned response, which stays queued for the retry.
    if (fault?.type === 'status') return route.error(fault.status, undefined, fault);
    const canned = state.canned.take(request.path);
    if (canned) return cannedReply(canned, route);
    if (invalidJson || !routed) return route.error(400, 'mock provider: the request body is not a JSON object');
    try {
      return route.handle(request, routed.operation, { knobs: knobsOf(request.headers), caches: state.caches });
    } catch (error) {
      // A request shape the mock did not foresee: a provider-shaped 500 tells the test, and the server lives on.
      return route.error(500, `mock provider: ${(error as Error).message}`);
    }
  }
}
