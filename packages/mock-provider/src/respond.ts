/**
 * Writing a Reply to the socket, with the faults that shape delivery: a delayed
 * status line, a stream cut after N events. Usage blocks are recorded on the
 * exchange as their bytes are written, so a cut stream lists only what went out.
 */
import type { ServerResponse } from 'node:http';
import type { Exchange, Fault } from './types.js';
import type { Reply } from './route.js';

export type Later = (delayMs: number, run: () => void) => void;

export function writeReply(res: ServerResponse, reply: Reply, fault: Fault | null, exchange: Exchange, later: Later): void {
  const start = () => {
    // The client may have given up while the first byte was held back.
    if (res.destroyed) return;
    exchange.status = reply.status;
    if (reply.events) writeEvents(res, reply, fault, exchange);
    else writeJson(res, reply, exchange);
  };
  if (fault?.type === 'slowFirstByte') later(fault.delayMs, start);
  else start();
}

function record(exchange: Exchange, usage: unknown): void {
  exchange.usageBlocks.push(usage);
  exchange.usage = usage;
}

function writeJson(res: ServerResponse, reply: Reply, exchange: Exchange): void {
  if (reply.raw) {
    for (const usage of reply.raw.usage) record(exchange, usage);
    res.writeHead(reply.status, reply.headers);
    res.end(reply.raw.text);
    return;
  }
  for (const usage of reply.json?.usage ?? []) record(exchange, usage);
  const value = reply.json?.value;
  res.writeHead(reply.status, reply.headers);
  res.end(value === undefined ? '' : JSON.stringify(value));
}

/**
 * One event per write, the next once the previous has reached the socket: the
 * client receives a stream in pieces, as from the real APIs, and an app that
 * aborts mid-stream stops the writing.
 */
function writeEvents(res: ServerResponse, reply: Reply, fault: Fault | null, exchange: Exchange): void {
  const events = reply.events ?? [];
  const limit = fault?.type === 'truncateStream' || fault?.type === 'stallStream' ? fault.afterEvents : Infinity;
  res.writeHead(reply.status, { 'cache-control': 'no-cache', ...reply.headers });
  res.flushHeaders();
  let index = 0;
  const next = (error?: Error | null) => {
    if (error || res.destroyed) return;
    if (index >= events.length) {
      res.end();
      return;
    }
    if (index >= limit) {
      // A stalled stream simply stops: the socket stays open until the client leaves.
      if (fault?.type === 'truncateStream') cut(res);
      return;
    }
    const event = events[index++]!;
    if (event.usage !== undefined) record(exchange, event.usage);
    res.write(event.text, next);
  };
  next();
}

/** A dropped connection: what was written reaches the client, then the socket closes without the stream's end. */
function cut(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  // Queued behind every earlier write, so those bytes are flushed before the socket goes.
  socket.write('', () => socket.destroy());
}
