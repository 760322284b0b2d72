import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CostkitConfigError } from '../../src/index.js';
import { stdoutExporter } from '../../src/exporters/index.js';
import { bundle, callEvent, tempDir } from './helpers.js';

const run = promisify(execFile);

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c));
  return { stream, text: () => text };
}

describe('stdout exporter', () => {
  it('writes one JSON line per event, one write per batch', async () => {
    const out = capture();
    const events = [callEvent(), callEvent()];
    await stdoutExporter({ stream: out.stream }).export(events);
    const lines = out.text().trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(events.map((e) => e.id));
  });

  it('pretty: one compact human line per call with provider, model, tokens, cost, latency and tags', async () => {
    const out = capture();
    await stdoutExporter({ stream: out.stream, pretty: true }).export([
      callEvent(),
      callEvent({ provider: 'anthropic', operation: 'messages', model: 'claude-sonnet-4-5', usage: null, cost: null, status: 'error', error: { type: 'RateLimitError', status: 429, message: 'slow down' }, latencyMs: 95 }),
    ]);
    const [ok, failed] = out.text().trimEnd().split('\n');
    expect(ok).toBe('[costkit] openai chat.completions gpt-4o-mini 1200 in / 300 out (1000 cached) $0.000285 812ms team=search feature=summarize');
    expect(failed).toBe('[costkit] anthropic messages claude-sonnet-4-5 no usage unpriced 95ms ERROR RateLimitError team=search feature=summarize');
  });

  it('pretty: a newline in a tag value cannot forge a [costkit] line, and ESC, CR and other control characters never reach the terminal', async () => {
    const out = capture();
    const forged = '\n[costkit] openai chat.completions gpt-4o 1 in / 1 out $0 1ms team=billing';
    await stdoutExporter({ stream: out.stream, pretty: true }).export([
      callEvent({ model: 'gpt-4o-mini\u0007', tags: { feature: `summarize${forged}`, team: '\u001b[31mred\r', note: 'csi \u009b2J bidi \u202e' } }),
    ]);
    const text = out.text();
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    // Nothing a terminal acts on: no C0/C1 control, DEL, line separator or bidi override.
    expect(text.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u001b[31mred\\r');
    expect(text).toContain('gpt-4o-mini\\u0007');
  });

  it('pretty: a tag value with a space or = is quoted, so it cannot pose as another tag', async () => {
    const out = capture();
    await stdoutExporter({ stream: out.stream, pretty: true }).export([callEvent({ tags: { feature: 'a team=billing' } })]);
    expect(out.text()).toMatch(/ feature="a team=billing"\n$/);
  });

  it('JSON lines: a newline, ESC or CR in a tag stays escaped inside its one line', async () => {
    const out = capture();
    const event = callEvent({ tags: { team: 'a\n{"forged":1}\u001b[2J\rb' } });
    await stdoutExporter({ stream: out.stream }).export([event]);
    expect(out.text().slice(0, -1)).not.toMatch(/[\u0000-\u001f]/);
    expect(JSON.parse(out.text())).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it('checks its options as init does: a typo throws CostkitConfigError naming it', () => {
    expect(() => stdoutExporter({ prety: true } as never)).toThrow(CostkitConfigError);
    expect(() => stdoutExporter({ prety: true } as never)).toThrow(/stdoutExporter: invalid options:\n {2}- \(root\): unknown option\(s\) 'prety' for a 'stdout' exporter; check the spelling against docs\/exporters\.md/);
    expect(() => stdoutExporter({ pretty: 'yes' } as never)).toThrow(/pretty: expected true or false/);
  });

  it('has a synchronous path for process exit', () => {
    const out = capture();
    stdoutExporter({ stream: out.stream }).exportSync!([callEvent()]);
    expect(out.text()).toMatch(/^\{"schema":"costkit\.call\/1"/);
  });
});

describe('stdout exporter at process.exit(), through a real pipe to a slow reader', () => {
  let harness: string;
  beforeAll(() => {
    harness = bundle(resolve(__dirname, 'fixtures/stdout-child.ts'));
  });

  /** `node child | node slow-reader`: the child's stdout is a pipe Node made non-blocking, as a container's log pipe. */
  async function throughPipe(env: Record<string, string>): Promise<{ lines: string[]; stats: { exported: number; failed: number } }> {
    const out = join(tempDir(), 'received.txt');
    const reader = resolve(__dirname, 'fixtures/slow-reader.mjs');
    const { stderr } = await run('sh', ['-c', `"${process.execPath}" "${harness}" | "${process.execPath}" "${reader}"`], { env: { ...process.env, OUT: out, ...env } });
    return { lines: readFileSync(out, 'utf8').split('\n'), stats: JSON.parse(stderr.trim().split('\n').at(-1)!) };
  }

  it('all 400 queued events arrive whole, in order, and are counted as exported', async () => {
    const { lines, stats } = await throughPipe({ COUNT: '400' });
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(Array.from({ length: 400 }, (_, i) => `child-${i}`));
    expect(stats).toMatchObject({ exported: 400, failed: 0 });
  });

  it('a batch already being written when exit comes is finished where it stopped, not torn or written twice', async () => {
    const { lines, stats } = await throughPipe({ COUNT: '400', BATCH: '150', IN_FLIGHT: '1' });
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(Array.from({ length: 400 }, (_, i) => `child-${i}`));
    expect(stats).toMatchObject({ exported: 400, failed: 0 });
  });
});
