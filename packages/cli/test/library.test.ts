import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { anomalies, forecast, openLedger, reconcile, report } from '../dist/index.js';
import { costkitJson } from './helpers/cli.js';
import { recordLedger, tempDir } from './helpers/record.js';
import { withTags } from 'costkit';


// `costkit html` (and any other tool) builds on these functions: each must return
// exactly the JSON the CLI prints for the same query.
let ledger: string;

beforeAll(async () => {
  ledger = join(tempDir(), 'events.jsonl');
  await recordLedger(ledger, async (c) => {
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']) {
      c.at(`${day}T12:00:00.000Z`);
      await withTags({ team: 'search', feature: 'answer' }, () => c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: day }] }));
      await withTags({ team: 'support', feature: 'triage' }, () => c.anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: day }] }));
    }
  });
});

describe('the query functions', () => {
  it('return the JSON the CLI prints: report, anomalies, forecast, reconcile', async () => {
    const invoice = resolve(__dirname, '../../../docs/invoices/plain.csv');
    expect(await report([ledger], { by: ['team', 'day'] })).toEqual(await costkitJson(['report', ledger, '--by', 'team,day']));
    expect(await anomalies([ledger], { by: ['feature'], minUsd: 0, minCalls: 1 })).toEqual(await costkitJson(['anomalies', ledger, '--min-usd', '0', '--min-calls', '1']));
    expect(await forecast([ledger], { month: '2026-11', asOf: '2026-11-05T00:00:00.000Z' })).toEqual(await costkitJson(['forecast', ledger, '--month', '2026-11', '--as-of', '2026-11-05']));
    expect(await reconcile([ledger], { invoice, month: '2026-11' })).toEqual(await costkitJson(['reconcile', ledger, '--invoice', invoice, '--month', '2026-11'], 1));
  });

  it('run several queries over one open ledger', async () => {
    const opened = await openLedger([ledger]);
    try {
      const byTeam = await report(opened, { by: ['team'] });
      const byDay = await report(opened, { by: ['day'] });
      expect(byTeam.total).toEqual(byDay.total);
      expect(byDay.groups).toHaveLength(4);
    } finally {
      opened.close();
    }
  });
});
