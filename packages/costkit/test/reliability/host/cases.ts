import fc from 'fast-check';
import type { CannedResponse } from '@costkit/mock-provider';

/**
 * Broken provider answers, as fast-check values: a valid answer (templates.ts)
 * with its usage, finish reason, model and content replaced by junk, SSE
 * streams with broken lines, unknown events, chunks after the end and no end,
 * and bodies that are not the provider's at all (an HTML page with status 200,
 * JSON cut short).
 */
type Json = Record<string, any>;

// Numbers JSON.stringify cannot write (NaN, Infinity) travel as markers and are
// written into the text as literals a JSON parser still reads (1e999 is Infinity).
const LITERAL = { inf: '"@@1e999@@"', negZero: '"@@-0@@"' } as const;
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replaceAll(LITERAL.inf, '1e999').replaceAll(LITERAL.negZero, '-0');
}

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 5000 }) },
  fc.integer({ min: -5000, max: -1 }),
  fc.constantFrom(1e308, 2 ** 53 + 2, 9e15, 0.5, JSON.parse(LITERAL.inf), JSON.parse(LITERAL.negZero)),
  fc.constantFrom('12', '', 'lots', null, true, [], [3], {}, { n: 1 }),
);

/** A usage block: the valid one, gone, null, not an object, or some fields junk. */
export const junkUsage = (valid: Json, fields: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(valid) },
    fc.constantFrom(undefined, null, 'usage', 42, []),
    fc.dictionary(fc.constantFrom(...fields), junkValue, { minKeys: 1 }).map((junk) => ({ ...valid, ...junk })),
  );

export const junkReason = (valid: string | null): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(valid) }, fc.constantFrom(undefined, null, '', 'SOMETHING_NEW', 'weird_reason', 7, {}));

export const junkModel = (valid: string): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, fc.constantFrom(undefined, null, '', 42));

/** Sets `key` on a copy (undefined removes it). */
export function withField(object: Json, key: string, value: unknown): Json {
  const copy = { ...object };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/** A body that is no provider's: what proxies, gateways and half-closed sockets send. */
export const foreignBody: fc.Arbitrary<CannedResponse> = fc.record({
  status: fc.constantFrom(200, 200, 200, 400, 404, 500, 502, 503),
  kind: fc.constantFrom('html', 'cut-json', 'empty', 'null', 'array', 'string', 'text', 'sse-as-json'),
  full: fc.constant('{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],"usage":{"prompt_tokens":5,"completion_tokens":1}}'),
  cut: fc.nat({ max: 120 }),
}).map(({ status, kind, full, cut }) => {
  const bodies: Record<string, [string, string]> = {
    html: ['<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>', 'text/html'],
    'cut-json': [full.slice(0, cut), 'application/json'],
    empty: ['', 'application/json'],
    null: ['null', 'application/json'],
    array: ['[1,2,3]', 'application/json'],
    string: ['"just a string"', 'application/json'],
    text: ['upstream connect error or disconnect/reset before headers', 'text/plain'],
    'sse-as-json': ['data: {"a":1}\n\n', 'application/json'],
  };
  const [body, contentType] = bodies[kind]!;
  return { status, body, headers: { 'content-type': contentType } };
});

/** What can be wrong with an SSE stream besides its payloads. */
export interface Breakage {
  /** Lines inserted between events, at these positions. */
  inserts: Array<[position: number, line: string]>;
  /** Drop the stream's terminator (`[DONE]`, `message_stop`, the last chunk). */
  dropEnd: boolean;
  /** Events sent after the terminator. */
  afterEnd: string[];
}

const brokenLine = fc.constantFrom(
  'data: {"broken\n\n',
  'this line has no field name\n\n',
  ': keep-alive comment\n\n',
  'event: something_unknown\ndata: {"type":"something_unknown"}\n\n',
  'data: \n\n',
  'retry: 100\n\n',
  'id: 7\n\n',
  'data: null\n\n',
  'data: []\n\n',
  'data: 42\n\n',
  'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
  'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
);

export const breakage = (afterEnd: fc.Arbitrary<string>): fc.Arbitrary<Breakage> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant<Breakage>({ inserts: [], dropEnd: false, afterEnd: [] }) },
    fc.record({
      inserts: fc.array(fc.tuple(fc.nat({ max: 10 }), brokenLine), { maxLength: 2 }),
      dropEnd: fc.boolean(),
      afterEnd: fc.array(afterEnd, { maxLength: 2 }),
    }),
  );

/** The SSE text of `events` (each already framed) with `end` as the terminator, broken as `broken` says. */
export function sseText(events: string[], end: string | undefined, broken: Breakage): string {
  const out = [...events];
  for (const [position, line] of broken.inserts) out.splice(Math.min(position, out.length), 0, line);
  if (end !== undefined && !broken.dropEnd) out.push(end);
  out.push(...broken.afterEnd);
  return out.join('');
}
