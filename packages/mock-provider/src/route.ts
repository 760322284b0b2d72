/** The contract between the server and each provider: match a request, answer it, shape its errors. */
import type { Fault, ProviderName } from './types.js';
import type { Knobs } from './request.js';
import type { CacheMemory } from './cache-memory.js';

export interface MockRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON; `{}` for an empty body. */
  body: any;
}

/** One SSE event, complete with its blank-line terminator, and the usage block it carries. */
export interface SseEvent {
  text: string;
  usage?: unknown;
}

/** What a provider answers: a JSON body, or SSE events. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** A JSON body and the usage blocks inside it (one for an answer; one per element of a streamed JSON array). */
  json?: { value: unknown; usage: unknown[] };
  /** A body sent as is (canned replays of broken answers), and the usage blocks it carries. */
  raw?: { text: string; usage: unknown[] };
  events?: SseEvent[];
}

/** What a handler may read besides the request. */
export interface HandlerContext {
  knobs: Knobs;
  /** Prompt caches this server has seen; cleared by reset(). */
  caches: CacheMemory;
}

export interface Route {
  provider: ProviderName;
  /** The operation name when this route serves the request. */
  match(method: string, path: string): string | undefined;
  isStream(request: MockRequest, operation: string): boolean;
  handle(request: MockRequest, operation: string, context: HandlerContext): Reply;
  /** The provider's error body for a status (used for injected faults and bad requests). */
  error(status: number, message: string | undefined, fault?: Extract<Fault, { type: 'status' }>): Reply;
  /** The usage block inside a response body or an SSE event's data (canned replays); undefined when none. */
  usageOf(payload: any): unknown | undefined;
}
