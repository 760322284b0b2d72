import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stdoutExporter } from '../../src/exporters/stdout/index.js';
import { callEvent } from './helpers.js';

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

  it('has a synchronous path for process exit', () => {
    const out = capture();
    stdoutExporter({ stream: out.stream }).exportSync!([callEvent()]);
    expect(out.text()).toMatch(/^\{"schema":"costkit\.call\/1"/);
  });
});
