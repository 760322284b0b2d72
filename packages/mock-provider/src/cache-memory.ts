/**
 * What one mock server remembers between requests: the prompt prefixes each
 * provider's cache holds. Per server (two mocks in one process never share a
 * cache) and cleared by reset(), so a test starts cold.
 */
import { createHash } from 'node:crypto';

export interface GoogleCache {
  model: string;
  tokens: number;
}

export class CacheMemory {
  /** OpenAI's automatic prompt cache: keys of prompt prefixes already processed. */
  readonly openai = new Set<string>();
  /** Anthropic's prompt cache: keys of prefixes written at a cache_control breakpoint. */
  readonly anthropic = new Set<string>();
  /** Gemini's explicit caches (cachedContents.create), by name. */
  readonly google = new Map<string, GoogleCache>();

  clear(): void {
    this.openai.clear();
    this.anthropic.clear();
    this.google.clear();
  }
}

/**
 * One key per prefix of `pieces`: key i names pieces[0..i]. Chained, so a long
 * conversation costs one hash per piece, not one per prefix length.
 */
export function prefixKeys(scope: string, pieces: readonly unknown[]): string[] {
  const keys: string[] = [];
  let previous = scope;
  for (const piece of pieces) {
    previous = createHash('sha1').update(previous).update('\u0000').update(JSON.stringify(piece) ?? 'null').digest('hex');
    keys.push(previous);
  }
  return keys;
}
