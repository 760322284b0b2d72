import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit, costkitJson } from './helpers/cli.js';
import { calls, readEvents, totals, writeLines, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir } from './helpers/record.js';
import { OLD_EVENT } from './helpers/scenario.js';

let dir: string;
let good: string;
let events: Event[];

beforeAll(async () => {
  dir = tempDir();
  good = join(dir, 'good.jsonl');
  await recordLedger(good, async (c) => {
    c.at('2026-11-05T12:00:00.000Z');
    for (const model of ['gpt-4o-mini', 'gpt-4o-2024-08-06', 'gpt-4o-mini']) {
      await c.openai.chat.completions.create({ model, messages: [{ role: 'user', content: `hello from ${model}` }] });
    }
  });
  events = readEvents(good);
});

describe('bad input', () => {
  it('skips corrupt and truncated lines, names each with its file and line, and says how many', async () => {
    const lines = readFileSync(good, 'utf8').trim().split('\n');
    const path = join(dir, 'corrupt.jsonl');
    // line 2: garbage; line 4: blank (fine); line 5: valid JSON but not an event; last: cut mid-write.
    writeFileSync(path, [lines[0], '{"schema":"costkit.call/1", "id": oops', lines[1], '', '{"hello":"world"}', lines[2], lines[0]!.slice(0, 80)].join('\n'));
    const run = await costkit(['report', path, '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.skippedLines).toBe(3);
    expect(json.total).toMatchObject(totals(calls(events)));
    expect(run.stderr).toContain(`skipped ${path}:2: not valid JSON`);
    expect(run.stderr).toContain(`skipped ${path}:5: no 'schema' field`);
    expect(run.stderr).toContain(`skipped ${path}:7: not valid JSON (truncated?)`);
    expect(run.stderr).toContain('3 lines skipped in all');
  });

  it('finds a line corrupted in the middle, which looks like an event at both ends', async () => {
    const lines = readFileSync(good, 'utf8').trim().split('\n');
    const path = join(dir, 'middle.jsonl');
    writeFileSync(path, `${lines[0]}\n${lines[1]!.replace('"provider":', '"provider"')}\n${lines[2]}\n`);
    const run = await costkit(['report', path, '--format', 'json']);
    expect(JSON.parse(run.stdout).skippedLines).toBe(1);
    expect(run.stderr).toContain(`skipped ${path}:2: not valid JSON`);
  });

  it('refuses a file that is not a ledger at all, with exit code 2', async () => {
    const path = join(dir, 'prices.csv');
    writeFileSync(path, 'date,provider,model,cost_usd\n2026-11-01,openai,gpt-4o,1.00\n');
    const run = await costkit(['report', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path} is not a costkit event file: none of its 2 lines is a costkit event (line 1: not valid JSON`);
  });

  it('reads a directory (every .jsonl and .jsonl.gz in it), a glob, and gzip', async () => {
    const sub = join(dir, 'rotated');
    mkdirSync(sub);
    copyFileSync(good, join(sub, 'costkit-2026-11-05.jsonl'));
    writeFileSync(join(sub, 'costkit-2026-11-06.jsonl.gz'), gzipSync(readFileSync(good)));
    writeFileSync(join(sub, 'notes.txt'), 'not read');
    const expected = totals([...calls(events), ...calls(events)]);
    expect((await costkitJson(['report', sub])).total).toMatchObject(expected);
    expect((await costkitJson(['report', join(sub, 'costkit-*.jsonl*')])).total).toMatchObject(expected);
    // The same file named twice is read once.
    expect((await costkitJson(['report', good, good])).total).toMatchObject(totals(calls(events)));
  });

  it('prices an old event from its total when it has no totalPicoUsd, and groups it with interaction null', async () => {
    const path = join(dir, 'old.jsonl');
    writeLines(path, [OLD_EVENT]);
    const json = await costkitJson(['report', path, '--by', 'interaction']);
    expect(json.groups).toEqual([expect.objectContaining({ key: { interaction: null }, calls: 1, costUsd: 0.00027 })]);
  });

  it('skips events of a schema it does not know, and says which', async () => {
    const path = join(dir, 'future.jsonl');
    writeLines(path, [readFileSync(good, 'utf8').split('\n')[0]!, { ...OLD_EVENT, schema: 'costkit.call/9', id: 'x' }]);
    const run = await costkit(['report', path, '--format', 'json']);
    expect(JSON.parse(run.stdout).skippedLines).toBe(1);
    expect(run.stderr).toContain(`skipped ${path}:2: unknown schema 'costkit.call/9'`);
  });

  it.each([
    [['report', '/no/such/file.jsonl'], 'no such file or directory: /no/such/file.jsonl'],
    [['report', '/tmp/*.no-such-extension-anywhere'], 'matches no files'],
    [['report', 'x.jsonl', '--bogus'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['report'], "missing required argument 'paths'"],
    [['report', 'x.jsonl', '--format', 'xml'], "argument 'xml' is invalid"],
    [['report', 'x.jsonl', '--from', 'yesterday'], "--from 'yesterday': expected an ISO date"],
    [['report', 'x.jsonl', '--where', 'team'], "--where 'team': expected key=value"],
  ])('%j is a usage error: a short message, the usage, exit code 2', async (args, message) => {
    const run = await costkit(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    if (!String(message).includes('such') && !String(message).includes('matches')) expect(run.stderr).toMatch(/Usage: costkit|expected/);
    expect(run.stdout).toBe('');
  });

  it('a .gz file that is not gzip is a clear error, exit code 2', async () => {
    const path = join(dir, 'broken.jsonl.gz');
    writeFileSync(path, 'not gzip at all');
    const run = await costkit(['report', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read the event files: IO Error: Input is not a GZIP stream');
  });

  it('an empty directory is a clear error', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const run = await costkit(['report', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a directory with no *.jsonl, *.jsonl.gz or *.parquet files in it');
  });
});
