import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonLines } from '../../src/exporters/serialize.js';
import type { CostkitEvent } from '../../src/event.js';
import { callEvent } from './helpers.js';

// Every exporter's bytes come from toJsonLines. Whatever an event holds (fields
// costkit does not know, strings with lone surrogates and control characters,
// Dates, Maps, boxed values, sparse arrays, undefined, NaN, -0), each line must
// be exactly what JSON.stringify makes of the event, and no event may be lost
// without being counted. Symbol-keyed attachments must never be written.

const SECRET = 'in-process-attachment-9f2c';
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text = fc.string({ unit: anyUnit, maxLength: 40 });
const value = fc.anything({
  key: text,
  values: [text, fc.double(), fc.integer(), fc.constant(-0), fc.constant(NaN), fc.boolean(), fc.constant(null), fc.constant(undefined)],
  maxDepth: 3,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withObjectString: true,
});

const event = fc
  .record({
    id: text,
    model: text,
    tags: fc.dictionary(text, text, { maxKeys: 5 }),
    latencyMs: fc.double(),
    extra: fc.dictionary(text, value, { maxKeys: 4 }),
    bigint: fc.boolean(),
  })
  .map(({ extra, bigint, ...fields }) => {
    const e = callEvent(fields as Partial<ReturnType<typeof callEvent>>) as unknown as Record<PropertyKey, unknown>;
    for (const [k, v] of Object.entries(extra)) e[k] = v;
    if (bigint) e.tokensAsBigInt = 10n; // JSON.stringify throws on it: the event is skipped and counted
    e[Symbol('otel.context')] = { secret: SECRET };
    return e as unknown as CostkitEvent;
  });

function expectedLine(e: CostkitEvent): string | undefined {
  try {
    return JSON.stringify(e);
  } catch {
    return undefined;
  }
}

describe('toJsonLines (every exporter writes what it makes)', () => {
  it('writes each event exactly as JSON.stringify does, never a symbol-keyed attachment, and counts what it cannot write', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const result = toJsonLines(events);
        const expected = events.map(expectedLine).filter((l): l is string => l !== undefined);
        const lines = result.data.toString('utf8').split('\n');
        expect(lines.pop()).toBe('');
        expect(lines).toEqual(expected);
        // Round trip: each line parses back to the event's JSON content.
        for (let i = 0; i < lines.length; i++) expect(JSON.parse(lines[i]!)).toEqual(JSON.parse(expected[i]!));
        expect(result.count).toBe(expected.length);
        expect(result.count + (result.skipped?.count ?? 0)).toBe(events.length);
        expect(result.data.toString('utf8')).not.toContain(SECRET);
      }),
      { numRuns: 300 },
    );
  });

  it('one event that cannot be serialized costs only itself, and the reason says why', () => {
    const cyclic = callEvent() as unknown as Record<string, unknown>;
    cyclic.self = cyclic;
    const result = toJsonLines([callEvent(), cyclic as unknown as CostkitEvent, callEvent()]);
    expect(result.count).toBe(2);
    expect(result.skipped).toMatchObject({ count: 1, reason: expect.stringMatching(/could not be serialized as JSON \(.*circular/i) });
    expect(result.data.toString().trimEnd().split('\n')).toHaveLength(2);
  });
});
