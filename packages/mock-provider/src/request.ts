/** Reading an incoming request: its URL, headers, JSON body, and the x-mock-* knobs it carries. */
import type { IncomingMessage } from 'node:http';
import type { MockRequest } from './route.js';

/** Per-request knobs a test or an app sets through headers. */
export interface Knobs {
  /** `x-mock-output-tokens`: the answer's length before any output cap. */
  outputTokens: number | undefined;
  /** `x-mock-cached-tokens`: forces the cached / cache-read count (clamped to the prompt). */
  cachedTokens: number | undefined;
  /** `x-mock-anthropic-cumulative-delta: 1`: message_delta repeats input and cache counts, as newer API versions do. */
  anthropicCumulativeDelta: boolean;
}

// An answer longer than this is a typo, not a test: it would only fill memory.
const MAX_OUTPUT_TOKENS = 100_000;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type Parsed = { request: MockRequest; invalidJson: boolean };

export function parseRequest(req: IncomingMessage, raw: Buffer): Parsed {
  const url = new URL(req.url ?? '/', 'http://mock');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: any = {};
  let invalidJson = false;
  if (raw.length > 0) {
    const text = raw.toString('utf8');
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
      invalidJson = true;
    }
  }
  // Handlers read fields off the body: anything but an object (a bare string, null, an array) is a bad request.
  if (body === null || typeof body !== 'object' || Array.isArray(body)) invalidJson = true;
  return {
    request: { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
    invalidJson,
  };
}

export function knobsOf(headers: Record<string, string>): Knobs {
  return {
    outputTokens: count(headers['x-mock-output-tokens'], MAX_OUTPUT_TOKENS),
    cachedTokens: count(headers['x-mock-cached-tokens'], Number.MAX_SAFE_INTEGER),
    anthropicCumulativeDelta: headers['x-mock-anthropic-cumulative-delta'] === '1',
  };
}

/** A non-negative integer header, or undefined when absent or malformed (a bad knob is ignored, not fatal). */
function count(value: string | undefined, max: number): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Math.min(Number(value), max);
}
