import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setJsonFields } from '../../src/providers/stainless/json-body.js';

// costkit edits the request body the SDK serialized, field by field, so the SDK
// keeps the app's object as its own. Whatever the body, the edited text must
// parse to the body with exactly those top-level fields set, and nothing else moved.

const key = fc.oneof(fc.constantFrom('model', 'max_tokens', 'max_completion_tokens', 'stream_options', 'messages', 'thinking', 'stream'), fc.string({ maxLength: 8 }));
const body = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
const fields = fc.dictionary(fc.constantFrom('model', 'max_tokens', 'max_completion_tokens', 'stream_options', 'max_output_tokens', 'thinking'), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 });

describe('setJsonFields', () => {
  it('gives the body with those top-level fields set, for any JSON object and any spacing', () => {
    fc.assert(
      fc.property(body, fields, fc.constantFrom(undefined, 2, '\t'), fc.boolean(), (original, set, space, withSource) => {
        const text = JSON.stringify(original, null, space);
        // With its source object, the keys it lacks are added without reading the text.
        const edited = setJsonFields(text, set, withSource ? original : undefined);
        expect(edited).toBeDefined();
        // JSON.parse drops duplicate keys silently: compare the key lists too.
        const parsed = JSON.parse(edited!);
        expect(parsed).toEqual({ ...JSON.parse(text), ...JSON.parse(JSON.stringify(set)) });
        expect(Object.keys(parsed).length).toBe(new Set([...Object.keys(JSON.parse(text)), ...Object.keys(set)]).size);
      }),
      { numRuns: 500 },
    );
  });

  it('replaces a field that is there and adds one that is not, even when its name appears nested', () => {
    const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'set "max_tokens" to 5', max_tokens: 1 }] });
    const edited = setJsonFields(text, { model: 'gpt-4o-mini', max_tokens: 100 })!;
    expect(JSON.parse(edited)).toEqual({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'set "max_tokens" to 5', max_tokens: 1 }] });
    expect(setJsonFields('{}', { max_tokens: 1 })).toBe('{"max_tokens":1}');
  });

  it('with its source object, adds the keys the object lacks first, even when their names appear nested', () => {
    const source = { model: 'gpt-4o', messages: [{ role: 'user', content: 'say "max_tokens"' }], stream_options: undefined };
    const text = JSON.stringify(source);
    const edited = setJsonFields(text, { max_tokens: 100, stream_options: { include_usage: true } }, source)!;
    expect(edited.startsWith('{"max_tokens":100,"stream_options":{"include_usage":true},')).toBe(true);
    expect(JSON.parse(edited)).toEqual({ ...JSON.parse(text), max_tokens: 100, stream_options: { include_usage: true } });
  });

  it('refuses what is not a JSON object', () => {
    expect(setJsonFields('[1,2]', { model: 'x' })).toBeUndefined();
    expect(setJsonFields('not json', { model: 'x' })).toBeUndefined();
    expect(setJsonFields('{"model": ', { model: 'x' })).toBeUndefined();
  });
});
