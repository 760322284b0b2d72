export type ProviderName = 'openai' | 'anthropic' | 'google';

/** A failure to inject instead of (or into) a normal answer. */
export type Fault =
  | { type: 'status'; status: number; retryAfterSeconds?: number; retryAfterMs?: number }
  | { type: 'reset' }
  | { type: 'slowFirstByte'; delayMs: number }
  | { type: 'truncateStream'; afterEvents: number };

/** A recorded provider response replayed as is (fixtures). */
export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Raw SSE text, sent byte for byte. */
  sse?: string;
}

export interface MockRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: any;
}

/** What a provider handler answers: a JSON body or SSE frames, and the usage it reported. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  json?: unknown;
  /** Complete SSE frames (`event: …\ndata: …\n\n`), in order. */
  frames?: string[];
  usageBlocks: unknown[];
}

export interface Exchange {
  provider: ProviderName;
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON request body. */
  body: unknown;
  status: number;
  fault: Fault | null;
  stream: boolean;
  /** The usage block as sent; for a stream the last (cumulative) one; null when none. */
  usage: unknown | null;
  /** Every usage block sent, in order. */
  usageBlocks: unknown[];
}

/** Per-request knobs a test or app sets through headers. */
export interface Knobs {
  outputTokens: number | undefined;
  cachedTokens: number | undefined;
  anthropicCumulativeDelta: boolean;
}

export interface Route {
  provider: ProviderName;
  /** Returns the operation name when this route serves the request. */
  match(method: string, path: string, query: Record<string, string>): string | undefined;
  isStream(request: MockRequest, operation: string): boolean;
  handle(request: MockRequest, operation: string, knobs: Knobs): Reply;
  error(status: number, message: string): Reply;
  /** Pulls the usage block out of a response body or SSE frame payload (for canned replays). */
  usageOf(payload: any): unknown | undefined;
}
