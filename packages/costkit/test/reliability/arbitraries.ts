import fc from 'fast-check';

/**
 * What a provider (or a proxy in front of it) can put where a token count
 * belongs: real counts, and every way a count can be wrong.
 */
export const hostileNumber = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.nat({ max: 100_000 }) },
    fc.integer({ min: -1_000_000, max: -1 }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -0, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, 9e15, 1e9 + 1),
    fc.double({ noNaN: false }),
    fc.constantFrom('12', '', 'NaN', '-1', '1e308', 'sk-proj-AAAABBBBCCCCDDDD'),
    fc.constantFrom(null, undefined, true, false, [], [5], {}, { value: 5 }),
  );

/** A usage-like object: some of `fields`, each hostile, plus the occasional nested junk. */
export const hostileBlock = (fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(fc.constantFrom(...fields), hostileNumber(), { maxKeys: fields.length });

/** The counts every usage normalizer must produce: non-negative safe integers, subsets within their wholes. */
export const OPENAI_FIELDS = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'input_tokens', 'output_tokens'] as const;
export const ANTHROPIC_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'service_tier'] as const;
export const GOOGLE_FIELDS = ['promptTokenCount', 'candidatesTokenCount', 'cachedContentTokenCount', 'thoughtsTokenCount', 'toolUsePromptTokenCount', 'totalTokenCount'] as const;

/** fast-check runs: seeded from COSTKIT_FC_SEED when set (to replay a failure), few enough to stay fast. */
export function fcParams(numRuns: number): { numRuns: number; seed?: number } {
  const seed = process.env.COSTKIT_FC_SEED;
  return seed ? { numRuns, seed: Number(seed) } : { numRuns };
}
