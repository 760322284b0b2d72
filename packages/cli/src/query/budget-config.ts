import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { keyExpression } from '../ledger/filters.js';
import { sqlString } from '../ledger/sql.js';

/** A budget as `init({ budgets })` declares it (contract section 6.1); only what the ledger can check is read. */
export interface BudgetSpec {
  name: string;
  match: Record<string, string>;
  window: 'day' | 'month' | { hours: number };
  limitUsd: number;
}

const budgetSchema = z.looseObject({
  name: z.string({ error: 'expected a name' }).min(1),
  match: z.record(z.string(), z.string(), { error: 'expected { tag: value, provider?, model?, environment? }' }).default({}),
  window: z.union([z.literal('day'), z.literal('month'), z.strictObject({ hours: z.number().positive() })], { error: "expected 'day', 'month' or { hours: N }" }),
  limitUsd: z.number({ error: 'expected a limit in USD' }).positive(),
});

/** The budgets list of a config file: `[...]` or `{ "budgets": [...] }` (the init config's budgets), unchecked. */
export async function readBudgetList(path: string, flag = '--budgets'): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${flag} ${path}: cannot read it (${error.code ?? error.message})`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: not valid JSON (${(error as Error).message})`);
  }
  return Array.isArray(json) ? json : (json as { budgets?: unknown })?.budgets;
}

export const BUDGETS_EXAMPLE = '{ "budgets": [{ "name": "search-month", "match": { "team": "search" }, "window": "month", "limitUsd": 5000 }] }';

/** `--budgets budgets.json`: `[{ name, match, window, limitUsd }]` or `{ "budgets": [...] }` (the init config's budgets). */
export async function loadBudgets(path: string, flag = '--budgets'): Promise<BudgetSpec[]> {
  const list = await readBudgetList(path, flag);
  const parsed = z.array(budgetSchema).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') || '(top level)';
    throw new UsageError(`${flag} ${path}: budgets${where}: ${issue.message}. Expected ${BUDGETS_EXAMPLE}`);
  }
  return parsed.data.map((b) => ({ name: b.name, match: b.match, window: b.window, limitUsd: b.limitUsd }));
}

/**
 * The calls a budget is charged for: every `match` key equal (tags, `provider`,
 * `environment`), `model` as a glob (`claude-opus-*`), as the budget engine matches.
 */
export function budgetMatchSql(budget: BudgetSpec): string {
  const parts = Object.entries(budget.match).map(([key, value]) => {
    const expr = key === 'model' ? 'model' : keyExpression(key);
    return key === 'model' && value.includes('*') ? `${expr} GLOB ${sqlString(value)}` : `${expr} = ${sqlString(value)}`;
  });
  return parts.length ? parts.join(' AND ') : 'true';
}
