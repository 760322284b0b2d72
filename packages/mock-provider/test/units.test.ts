import { describe, expect, it } from 'vitest';
import { parseFaultHeader } from '../src/faults.js';
import { parseSse, splitEvents } from '../src/sse.js';
import { contentTokens, messageTokens, textTokens } from '../src/tokens.js';
import { knobsOf } from '../src/request.js';

describe('the token rule', () => {
  it('counts ceil(chars / 4) per text, 3 per message, images flat, structures by their JSON', () => {
    expect([textTokens(''), textTokens('abc'), textTokens('abcd'), textTokens('abcde')]).toEqual([0, 1, 1, 2]);
    expect(messageTokens('Explain prompt caching briefly.')).toBe(3 + 8);
    expect(contentTokens([{ type: 'text', text: 'abcdefgh' }, { type: 'image_url', image_url: { url: 'data:...' } }])).toBe(2 + 258);
    expect(contentTokens({ parts: [{ text: 'abcd' }, { inlineData: { mimeType: 'image/png', data: 'x'.repeat(10_000) } }] })).toBe(1 + 258);
    expect(contentTokens({ type: 'tool_use', id: 't', name: 'f', input: {} })).toBe(Math.ceil(JSON.stringify({ type: 'tool_use', id: 't', name: 'f', input: {} }).length / 4));
  });
});

describe('SSE text', () => {
  it('splits into events byte for byte whatever the line ends', () => {
    const text = 'data: {"a":1}\r\n\r\nevent: x\ndata: {"b":2}\n\ndata: [DONE]\n\n: comment\n\ndata: {"c":3}';
    expect(splitEvents(text).join('')).toBe(text);
    expect(splitEvents(text)).toHaveLength(5);
    expect(parseSse(text)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });
});

describe('x-mock-* headers', () => {
  it('parses every fault form', () => {
    expect(parseFaultHeader('status=429;retry-after=1')).toEqual({ type: 'status', status: 429, retryAfterSeconds: 1 });
    expect(parseFaultHeader(' status = 503 ; retry-after-ms = 250 ')).toEqual({ type: 'status', status: 503, retryAfterMs: 250 });
    expect(parseFaultHeader('reset')).toEqual({ type: 'reset' });
    expect(parseFaultHeader('slow-first-byte=200')).toEqual({ type: 'slowFirstByte', delayMs: 200 });
    expect(parseFaultHeader('truncate-stream=3')).toEqual({ type: 'truncateStream', afterEvents: 3 });
    expect(parseFaultHeader(undefined)).toBeNull();
    expect(parseFaultHeader('')).toBeNull();
  });

  it('refuses a malformed or unknown fault instead of ignoring it', () => {
    for (const typo of ['nothing-known', 'status=abc', 'truncate=3', 'reset;status=500', 'status=429;retry-after', 'status=429;retry_after=1']) {
      expect(() => parseFaultHeader(typo), typo).toThrow(/is not one of/);
    }
    expect(() => parseFaultHeader('status=302')).toThrow(/400-599/);
  });

  it('ignores malformed knobs instead of failing the request', () => {
    expect(knobsOf({ 'x-mock-output-tokens': '40', 'x-mock-cached-tokens': 'lots', 'x-mock-anthropic-cumulative-delta': '1' })).toEqual({
      outputTokens: 40,
      cachedTokens: undefined,
      anthropicCumulativeDelta: true,
    });
    expect(knobsOf({ 'x-mock-output-tokens': '-3' }).outputTokens).toBeUndefined();
  });
});
