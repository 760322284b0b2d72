/** The public shapes: what a test passes to the mock and what it reads back. */

export type ProviderName = 'openai' | 'anthropic' | 'google';

/** A failure to inject instead of (or into) a normal answer. */
export type Fault =
  /** A provider-shaped error body with this status (and Retry-After when given). */
  | { type: 'status'; status: number; retryAfterSeconds?: number; retryAfterMs?: number }
  /** The socket is destroyed before any response byte. */
  | { type: 'reset' }
  /** The status line waits this long, then the normal answer follows. */
  | { type: 'slowFirstByte'; delayMs: number }
  /** An SSE answer sends this many events, then the socket is destroyed (no terminator). */
  | { type: 'truncateStream'; afterEvents: number }
  /** An SSE answer sends this many events, then nothing more: the connection stays open until the client leaves (or close()). */
  | { type: 'stallStream'; afterEvents: number };

/** A recorded provider response replayed as is (fixtures). */
export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Raw SSE text, sent byte for byte. */
  sse?: string;
  /**
   * A raw body, sent byte for byte: an HTML error page with status 200, a cut-off
   * JSON text. `content-type` is `text/plain` unless `headers` says otherwise.
   */
  body?: string;
}

/** Which requests a queued fault or canned response applies to: a substring of the path, or a pattern. */
export type PathMatcher = string | RegExp;

export interface Exchange {
  provider: ProviderName;
  /** e.g. 'chat.completions', 'responses', 'messages', 'messages.countTokens', 'streamGenerateContent'. */
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON request body (the raw text when it is not JSON). */
  body: unknown;
  /** 0 while the answer is pending and when the socket was reset. */
  status: number;
  fault: Fault | null;
  stream: boolean;
  /** The usage block as sent: the one block of a plain answer, the last one of a stream; null when none was sent. */
  usage: unknown | null;
  /** Every usage block sent, in order (a truncated stream lists only those that went out). */
  usageBlocks: unknown[];
}

export interface MockProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface MockProvider {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** Every exchange, in order of arrival. */
  readonly exchanges: readonly Exchange[];
  /** Fails the next `times` (default 1) requests whose path matches (all paths when none is given). */
  fail(fault: Fault, options?: { times?: number; path?: PathMatcher }): void;
  /** Answers the next request whose path matches with a canned (recorded) response. */
  enqueue(response: CannedResponse, options?: { path?: PathMatcher }): void;
  /** Clears exchanges, queued faults and canned responses, and forgets every prompt cache. */
  reset(): void;
  /** Closes the server and every open socket; safe to call more than once. */
  close(): Promise<void>;
}
