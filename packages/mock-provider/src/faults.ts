import type { Fault } from './types.js';

interface QueuedFault {
  fault: Fault;
  remaining: number;
  path: string | RegExp | undefined;
}

/** Faults queued through the JS API, consumed by the next matching requests. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault, times = 1, path?: string | RegExp): void {
    this.queue.push({ fault, remaining: times, path });
  }

  take(path: string): Fault | null {
    const entry = this.queue.find((q) => matches(q.path, path));
    if (!entry) return null;
    if (--entry.remaining <= 0) this.queue.splice(this.queue.indexOf(entry), 1);
    return entry.fault;
  }

  clear(): void {
    this.queue = [];
  }
}

export function matches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

/**
 * `x-mock-fault: status=429;retry-after=1` | `status=500` | `reset` |
 * `slow-first-byte=200` | `truncate-stream=3`. Applies to the one request that
 * carries it (an SDK retry carries it again).
 */
export function parseFaultHeader(value: string | undefined): Fault | null {
  if (!value) return null;
  const parts = Object.fromEntries(
    value.split(';').map((p) => {
      const [k, v] = p.split('=');
      return [k!.trim().toLowerCase(), v?.trim()];
    }),
  ) as Record<string, string | undefined>;
  if ('reset' in parts) return { type: 'reset' };
  if (parts['slow-first-byte']) return { type: 'slowFirstByte', delayMs: Number(parts['slow-first-byte']) };
  if (parts['truncate-stream']) return { type: 'truncateStream', afterEvents: Number(parts['truncate-stream']) };
  if (parts.status) {
    return {
      type: 'status',
      status: Number(parts.status),
      retryAfterSeconds: parts['retry-after'] !== undefined ? Number(parts['retry-after']) : undefined,
      retryAfterMs: parts['retry-after-ms'] !== undefined ? Number(parts['retry-after-ms']) : undefined,
    };
  }
  return null;
}
