/**
 * The most output a model can produce in one call (its API maximum): the bound
 * on a reservation for a request that sets no output cap, before this process
 * has seen enough of the model's calls to use their percentile. Longest
 * matching prefix wins; a model not listed gets DEFAULT_MAX_OUTPUT.
 */
const MAX_OUTPUT: ReadonlyArray<[prefix: string, tokens: number]> = [
  ['gpt-5', 128_000],
  ['gpt-4.1', 32_768],
  ['gpt-4o', 16_384],
  ['gpt-4-turbo', 4_096],
  ['gpt-4', 8_192],
  ['gpt-3.5', 4_096],
  ['o1-mini', 65_536],
  ['o1', 100_000],
  ['o3', 100_000],
  ['o4', 100_000],
  ['claude-opus-4-5', 64_000],
  ['claude-opus-4', 32_000],
  ['claude-sonnet-4', 64_000],
  ['claude-haiku-4', 64_000],
  ['claude-3-7-sonnet', 64_000],
  ['claude-3-5', 8_192],
  ['claude-3', 4_096],
  ['gemini-3', 65_536],
  ['gemini-2.5', 65_536],
  ['gemini-2.0', 8_192],
  ['gemini-1.5', 8_192],
];

const DEFAULT_MAX_OUTPUT = 16_384;

const sorted = [...MAX_OUTPUT].sort((a, b) => b[0].length - a[0].length);

/** Looked up once per model name (bounded like the estimator's history): a reservation needs it per call. */
const known = new Map<string, number>();
const MAX_KNOWN = 1000;

export function maxOutputTokens(model: string): number {
  const cached = known.get(model);
  if (cached !== undefined) return cached;
  const id = model.startsWith('models/') ? model.slice(7) : model;
  let tokens = DEFAULT_MAX_OUTPUT;
  for (const [prefix, max] of sorted) {
    if (id.startsWith(prefix)) {
      tokens = max;
      break;
    }
  }
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(model, tokens);
  return tokens;
}
