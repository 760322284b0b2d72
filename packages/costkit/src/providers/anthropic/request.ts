import type { OutputCapField, RequestEdits } from '../adapter.js';

type Obj = Record<string, any>;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Anthropic messages: `max_tokens` (required by the API). */
const messagesCap: OutputCapField = {
  read: ({ params }) => ({ requested: params && typeof params === 'object' ? num((params as Obj).max_tokens) : undefined, field: 'max_tokens' }),
};

export function anthropicOutputCap(operation: string): OutputCapField | undefined {
  return operation === 'messages' ? messagesCap : undefined;
}

/**
 * The top-level body fields to send for `edits`. Extended thinking needs
 * `thinking.budget_tokens` below `max_tokens`, so a cap that would break that
 * lowers the budget too rather than turning a valid request into a 400.
 */
export function anthropicBodyFields(body: Obj, edits: RequestEdits): Obj | undefined {
  let fields: Obj | undefined;
  if (edits.model !== undefined) (fields ??= {}).model = edits.model;
  const value = edits.outputCap;
  if (value !== undefined) {
    (fields ??= {}).max_tokens = value;
    const budget = num(body.thinking?.budget_tokens);
    if (budget !== undefined && budget >= value) fields.thinking = { ...body.thinking, budget_tokens: Math.max(1, value - 1) };
  }
  return fields;
}
