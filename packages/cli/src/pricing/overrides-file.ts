import { readFile } from 'node:fs/promises';
import { PROVIDER_IDS, type PriceOverride } from 'costkit';
import { z } from 'zod';
import { UsageError } from '../errors.js';

const perMillion = z.number({ error: 'expected a price in USD per million tokens, e.g. 2.5' }).finite().nonnegative();

// The contract's override (section 4), checked here so a typo in the file is named
// with its place before any event is priced.
const overrideSchema = z
  .strictObject({
    provider: z.enum(PROVIDER_IDS, { error: `expected one of ${PROVIDER_IDS.join(', ')}` }).optional(),
    model: z.string({ error: "expected a model id, 'prefix*' or '*'" }).min(1),
    input: perMillion.optional(),
    output: perMillion.optional(),
    cacheRead: perMillion.optional(),
    cacheWrite: perMillion.optional(),
    cacheWrite1h: perMillion.optional(),
    discount: z.union([z.number().min(0).max(1), z.string().regex(/^\d+(\.\d+)?%$/)], { error: "expected a fraction like 0.15 or a percentage like '15%'" }).optional(),
    effectiveFrom: z.string().refine((s) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s)), { error: 'expected an ISO date such as 2026-11-01' }).optional(),
  })
  .refine((o) => o.discount !== undefined || ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'].some((f) => (o as Record<string, unknown>)[f] !== undefined), {
    error: 'an override needs a price (input, output, cacheRead, cacheWrite, cacheWrite1h) or a discount',
  });

const listSchema = z.array(overrideSchema);
const objectSchema = z.strictObject({ overrides: listSchema });

/** `--pricing overrides.json`: `[{ model, input, … }]` or `{ "overrides": [...] }`, as in init({ pricing }). */
export async function loadPricingFile(path: string): Promise<PriceOverride[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--pricing ${path}: cannot read it (${error.code ?? error.message})`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--pricing ${path}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = Array.isArray(json) ? listSchema.safeParse(json) : objectSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
    throw new UsageError(`--pricing ${path}: ${where}: ${issue.message}. Expected [{ "model": "gpt-4o", "input": 2.0, "output": 8.0 }] or { "overrides": [...] } (USD per million tokens)`);
  }
  const data: unknown = parsed.data;
  return (Array.isArray(data) ? data : (data as { overrides: unknown[] }).overrides) as PriceOverride[];
}
