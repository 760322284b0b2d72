import type http from 'node:http';
import { parseRetryAfter } from './retry.js';

/** Why one attempt failed, and whether another may succeed. Its message names no secret. */
export class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Payload {
  data: Buffer;
  gzipped: boolean;
}

export interface AttemptSettings {
  transport: { request: typeof http.request };
  agent: http.Agent;
  url: URL;
  /** The URL as it may be shown (redacted). */
  shown: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * One POST, connect to the last byte of the answer. Resolves on 2xx; rejects
 * with an AttemptError that says whether to retry. `signal` aborts it at once.
 */
export function attempt(s: AttemptSettings, payload: Payload, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AttemptError('abandoned at the deadline', false));
    const request = s.transport.request(
      s.url,
      {
        method: 'POST',
        agent: s.agent,
        headers: {
          ...s.headers,
          'content-length': String(payload.data.length),
          ...(payload.gzipped ? { 'content-encoding': 'gzip' } : {}),
        },
        timeout: s.timeoutMs,
        signal,
      },
      (response) => {
        // Read the answer to its end so the connection goes back to the pool.
        response.resume();
        response.on('error', (error) => reject(new AttemptError(`network error reading the answer: ${error.message}`, true)));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve();
          const retryable = status === 408 || status === 429 || status >= 500;
          const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
          reject(new AttemptError(`${s.shown} answered ${status} ${response.statusMessage ?? ''}`.trim(), retryable, retryAfterMs, status));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within timeoutMs (${s.timeoutMs} ms)`)));
    request.on('error', (error) => {
      if (signal?.aborted) return reject(new AttemptError('abandoned at the deadline', false));
      reject(new AttemptError(`network error: ${error.message}`, true));
    });
    request.end(payload.data);
  });
}
