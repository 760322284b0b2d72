import type * as z from 'zod/mini';
import { CostkitConfigError } from '../errors.js';
import { pricingOptionsSchema, type ParsedPricingOptions } from './options-schema.js';

/** A zod issue as init() reports it: the option path, and a fix for a misspelt key. */
function reported(issue: z.core.$ZodIssue): { path: string; message: string } {
  return {
    path: issue.path.map(String).join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown option(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; check the spelling against the docs` : issue.message,
  };
}

/**
 * `createPriceBook(options)` checked with init's own pricing schema, so a price in the
 * wrong unit, a 150% discount or an unknown provider is refused at the call, naming
 * the field, instead of surfacing later as a BigInt RangeError or a negative cost.
 */
export function parsePricingOptions(input: unknown): ParsedPricingOptions {
  const result = pricingOptionsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map(reported);
  const error = new CostkitConfigError(issues);
  // CostkitConfigError words its message for init(); this is the other entry point.
  error.message = `costkit.createPriceBook: invalid options:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`;
  throw error;
}
