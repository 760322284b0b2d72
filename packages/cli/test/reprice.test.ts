import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createPriceBook, withTags } from 'costkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit, costkitJson } from './helpers/cli.js';
import { calls, readEvents, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir } from './helpers/record.js';

let dir: string;
let ledger: string;
let overrides: string;
const BAD = '{"schema":"costkit.call/1","id":"cut-off","timest';
const OVERRIDES = [
  { provider: 'openai', model: 'gpt-4o-mini', input: 0.1, output: 0.2 },
  { provider: 'openai', model: 'acme-finetune-v1', input: 1, output: 2 },
];

beforeAll(async () => {
  dir = tempDir();
  ledger = join(dir, 'events.jsonl');
  await recordLedger(ledger, async (c) => {
    c.at('2026-11-07T08:00:00.000Z');
    await withTags({ team: 'search' }, async () => {
      for (const model of ['gpt-4o-mini', 'gpt-4o', 'acme-finetune-v1']) await c.openai.chat.completions.create({ model, messages: [{ role: 'user', content: `price me on ${model}` }] });
      await c.anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'and me' }] });
    });
  });
  appendFileSync(ledger, `${BAD}\n`);
  writeFileSync(join(dir, 'events.jsonl.gz'), gzipSync(readFileSync(ledger)));
  overrides = join(dir, 'overrides.json');
  writeFileSync(overrides, JSON.stringify({ overrides: OVERRIDES }));
});

describe('costkit reprice', () => {
  it('writes copies with every call priced by today\'s book and the overrides, all else untouched', async () => {
    const out = join(dir, 'repriced');
    const run = await costkit(['reprice', ledger, '--out', out, '--pricing', overrides, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    const book = createPriceBook({ overrides: OVERRIDES as never });
    const before = readFileSync(ledger, 'utf8').trim().split('\n');
    const after = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n');
    expect(after).toHaveLength(before.length);
    let changed = 0;
    for (const [i, line] of before.entries()) {
      if (line === BAD) {
        expect(after[i]).toBe(BAD);
        continue;
      }
      const was = JSON.parse(line) as Event;
      const now = JSON.parse(after[i]!) as Event;
      if (was.schema !== 'costkit.call/1' || !was.usage) {
        expect(now).toEqual(was);
        continue;
      }
      const expected = book.price({ provider: was.provider, model: was.model, usage: was.usage, timestamp: was.timestamp, serviceTier: was.serviceTier ?? null });
      expect(now.cost).toEqual(expected);
      expect({ ...now, cost: null }).toEqual({ ...was, cost: null });
      expect(Object.keys(now)).toEqual(Object.keys(was));
      if (JSON.stringify(was.cost) !== JSON.stringify(expected)) changed++;
    }
    expect(summary.changed).toBe(changed);
    expect(summary.skippedLines).toBe(1);
    expect(run.stderr).toContain(`copied ${ledger}:${before.length} as it was: not valid JSON`);
    const acme = summary.models.find((m: any) => m.model === 'acme-finetune-v1');
    expect(acme).toMatchObject({ gainedPrice: 1, beforeUsd: 0 });
    const events = calls(readEvents(join(out, 'events.jsonl')));
    const report = await costkitJson(['report', join(out, 'events.jsonl')]);
    expect(report.total.unpricedCalls).toBe(0);
    expect(report.total.costUsd).toBe(summary.afterUsd);
    expect(events.length).toBe(summary.calls);
  });

  it('keeps a gzip file gzip', async () => {
    const out = join(dir, 'repriced-gz');
    const json = await costkitJson(['reprice', join(dir, 'events.jsonl.gz'), '--out', out, '--pricing', overrides]);
    expect(json.files[0].out).toBe(join(out, 'events.jsonl.gz'));
    expect(gunzipSync(readFileSync(join(out, 'events.jsonl.gz'))).toString()).toBe(readFileSync(join(dir, 'repriced', 'events.jsonl'), 'utf8'));
  });

  it('never overwrites: not the input, not an earlier copy', async () => {
    const same = await costkit(['reprice', ledger, '--out', dir]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('would overwrite');
    const again = await costkit(['reprice', ledger, '--out', join(dir, 'repriced')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is already there');
  });
});
