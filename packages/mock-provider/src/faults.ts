/** Faults: the queue filled through the JS API, and the x-mock-fault header an app can send instead. */
import type { Fault, PathMatcher } from './types.js';

interface QueuedFault {
  fault: Fault;
  remaining: number;
  path: PathMatcher | undefined;
}

export class FaultQueue {
  #queue: QueuedFault[] = [];

  add(fault: Fault, times: number, path: PathMatcher | undefined): void {
    if (times > 0) this.#queue.push({ fault: validFault(fault), remaining: times, path });
  }

  /** The first queued fault whose path matches, counting one use. */
  take(path: string): Fault | null {
    const index = this.#queue.findIndex((q) => matches(q.path, path));
    const entry = this.#queue[index];
    if (!entry) return null;
    if (--entry.remaining <= 0) this.#queue.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.#queue = [];
  }
}

export function matches(pattern: PathMatcher | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return path.includes(pattern);
  // A /g or /y pattern keeps lastIndex between test() calls: reset it so every request is matched afresh.
  pattern.lastIndex = 0;
  return pattern.test(path);
}

/**
 * `x-mock-fault: status=429;retry-after=1` (also `retry-after-ms=…`) | `status=500` |
 * `reset` | `slow-first-byte=200` | `truncate-stream=3` | `stall-stream=3`. It applies to the one request
 * that carries it; an SDK retry carries it again, so every attempt fails.
 */
export function parseFaultHeader(value: string | undefined): Fault | null {
  if (value === undefined || value.trim() === '') return null;
  const parts = new Map<string, string>();
  for (const piece of value.split(';')) {
    const [name = '', setting = ''] = piece.split('=');
    if (name.trim() !== '') parts.set(name.trim().toLowerCase(), setting.trim());
  }
  // A typo must not pass silently as "no fault": the test would pass for the wrong reason.
  const malformed = () => new TypeError(`mock provider: x-mock-fault "${value}" is not one of status=N[;retry-after=S][;retry-after-ms=MS] | reset | slow-first-byte=MS | truncate-stream=N | stall-stream=N`);
  const number = (name: string) => {
    const text = parts.get(name);
    if (text === undefined) return undefined;
    if (text === '' || !Number.isFinite(Number(text))) throw malformed();
    return Number(text);
  };
  if (parts.has('reset') && parts.size === 1) return { type: 'reset' };
  const delayMs = number('slow-first-byte');
  if (delayMs !== undefined && parts.size === 1) return validFault({ type: 'slowFirstByte', delayMs });
  const afterEvents = number('truncate-stream');
  if (afterEvents !== undefined && parts.size === 1) return validFault({ type: 'truncateStream', afterEvents });
  const stallAfter = number('stall-stream');
  if (stallAfter !== undefined && parts.size === 1) return validFault({ type: 'stallStream', afterEvents: stallAfter });
  const status = number('status');
  const seconds = number('retry-after');
  const ms = number('retry-after-ms');
  const known = [status, seconds, ms].filter((n) => n !== undefined).length;
  if (status === undefined || known !== parts.size) throw malformed();
  const fault: Fault = { type: 'status', status };
  if (seconds !== undefined) fault.retryAfterSeconds = seconds;
  if (ms !== undefined) fault.retryAfterMs = ms;
  return validFault(fault);
}

/** Rejects a fault the server could not act on, at the call that queued it rather than mid-request. */
function validFault(fault: Fault): Fault {
  const bad = (why: string) => new TypeError(`mock provider: invalid fault ${JSON.stringify(fault)}: ${why}`);
  switch (fault.type) {
    case 'status':
      if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) throw bad('status must be 400-599');
      return fault;
    case 'slowFirstByte':
      if (!(fault.delayMs >= 0)) throw bad('delayMs must be >= 0');
      return fault;
    case 'truncateStream':
    case 'stallStream':
      if (!Number.isInteger(fault.afterEvents) || fault.afterEvents < 0) throw bad('afterEvents must be an integer >= 0');
      return fault;
    case 'reset':
      return fault;
    default:
      throw bad('unknown type');
  }
}
