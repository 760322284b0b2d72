import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import costkit, { CostkitConfigError, withTags } from '../../src/index.js';
import { stdoutExporter } from '../../src/exporters/index.js';
import { tempDir } from '../exporters/helpers.js';
import { collector } from '../helpers/collect.js';
import { useHarness } from '../helpers/harness.js';

/**
 * Tags are app data that ends up in files, terminals and reports: keys are
 * validated where they are written, values are length-limited, any value is
 * written so that it cannot break the line (or the record) it is in, and a
 * key that names an object's machinery is refused everywhere.
 */
const h = useHarness({ init: false });
const messages = [{ role: 'user' as const, content: 'hi' }];

const HOSTILE_VALUES = [
  'line one\nline two',
  '{"schema":"costkit.call/1","forged":true}\n',
  'say "hi", then \'bye\'',
  'a,b,"c",d\r\ne,f',
  '<script>alert(document.cookie)</script>',
  'nul\u0000 bell\u0007 esc\u001b[31mred\u001b[0m cr\r del\u007f',
  'line\u2028separator\u2029paragraph',
  '=HYPERLINK("http://evil.example","click")',
  '\ud83d\ude00 emoji and a lone surrogate \ud800',
];

describe('tag keys', () => {
  it.each(['', 'bad key', 'line\nbreak', 'quote"', 'comma,', '<script>', 'ctrl\u0001', '9starts-with-digit', 'k'.repeat(65)])('refuses the key %j at withTags, naming it', (key) => {
    expect(() => withTags({ [key]: 'v' }, () => 1)).toThrow(TypeError);
    expect(() => withTags({ [key]: 'v' }, () => 1)).toThrow(/tag key/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s as a key in withTags, defaultTags and tagSources, and pollutes nothing', async (key) => {
    const tags = JSON.parse(`{"${key}": "polluted", "team": "search"}`) as Record<string, string>;
    expect(Object.hasOwn(tags, key)).toBe(true);
    expect(() => withTags(tags, () => 1)).toThrow(/reserved/);
    await expect(costkit.init({ defaultTags: tags, exporters: [collector()] })).rejects.toBeInstanceOf(CostkitConfigError);

    const sink = await h.start({ tagSources: [() => tags] });
    await new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages });
    const [event] = await sink.recorded();
    expect(event!.tags).toEqual({ team: 'search' });
    expect(Object.getPrototypeOf(event!.tags)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'team')).toBe(false);
  });
});

describe('tag values', () => {
  it('are limited to 256 characters, where the app writes them', () => {
    expect(withTags({ v: 'x'.repeat(256) }, () => 'ok')).toBe('ok');
    expect(() => withTags({ v: 'x'.repeat(257) }, () => 'ok')).toThrow(/257 characters long; the limit is 256/);
  });

  it('whatever they hold, each event stays one JSON line in the file and on stdout, and reads back exactly', async () => {
    const path = join(tempDir('costkit-tags-'), 'events.jsonl');
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    await costkit.init({ exporters: [{ type: 'file', path }, stdoutExporter({ stream })] });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    for (const [i, value] of HOSTILE_VALUES.entries()) {
      await withTags({ team: value, [`k${i}`]: value }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }));
    }
    await costkit.flush();
    for (const text of [readFileSync(path, 'utf8'), written.join('')]) {
      const lines = text.split('\n');
      expect(lines.at(-1)).toBe('');
      expect(lines.slice(0, -1)).toHaveLength(HOSTILE_VALUES.length);
      const events = lines.slice(0, -1).map((line) => JSON.parse(line));
      expect(events.map((e) => e.tags.team)).toEqual(HOSTILE_VALUES.map((v) => JSON.parse(JSON.stringify(v))));
      expect(events.every((e) => e.schema === 'costkit.call/1' && e.forged === undefined)).toBe(true);
      // No raw control character (CR, ESC, NUL…) survives into the text: each is escaped.
      // eslint-disable-next-line no-control-regex
      expect(/[\u0000-\u0009\u000b-\u001f]/.test(text)).toBe(false);
    }
  });
});
