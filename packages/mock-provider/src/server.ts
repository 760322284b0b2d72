/** The HTTP server's lifetime: listen, track sockets and timers, close without hanging on keep-alive connections. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Exchange, MockProvider, MockProviderOptions } from './types.js';
import { FaultQueue } from './faults.js';
import { CannedQueue } from './canned.js';
import { CacheMemory } from './cache-memory.js';
import { handle } from './handle.js';

export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const host = options.host ?? '127.0.0.1';
  const exchanges: Exchange[] = [];
  const faults = new FaultQueue();
  const canned = new CannedQueue();
  const caches = new CacheMemory();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (delayMs: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, delayMs);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    void handle(req, res, { exchanges, faults, canned, caches, later });
  });
  // SDK clients keep connections alive: close() destroys them instead of waiting for their idle timeout.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    exchanges,
    fail: (fault, opts) => faults.add(fault, opts?.times ?? 1, opts?.path),
    enqueue: (response, opts) => canned.add(response, opts?.path),
    reset() {
      exchanges.length = 0;
      faults.clear();
      canned.clear();
      caches.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
