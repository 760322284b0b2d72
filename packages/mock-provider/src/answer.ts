/** The deterministic answer text: the same request gets the same words. */

export const DEFAULT_OUTPUT_TOKENS = 12;

const WORDS = [
  'Caching', 'reuses', 'a', 'prompt', 'prefix', 'the', 'provider', 'already', 'processed,', 'so', 'those',
  'tokens', 'are', 'billed', 'at', 'a', 'fraction', 'of', 'the', 'input', 'price.',
];

/** `tokens` words (each counts as one output token), starting at a point picked by the seed. */
export function answerWords(tokens: number, seed: string): string[] {
  const offset = hash(seed) % WORDS.length;
  return Array.from({ length: tokens }, (_, i) => WORDS[(offset + i) % WORDS.length]!);
}

/** Words as streamed text pieces: the first bare, the rest with their leading space. */
export function pieces(words: readonly string[]): string[] {
  return words.map((word, i) => (i === 0 ? word : ` ${word}`));
}

/** FNV-1a: a stable, fast string hash (no crypto needed for seeding). */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
