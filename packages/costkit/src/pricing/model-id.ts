/**
 * Model ids as the SDKs send and return them, reduced to the book's keys, and the
 * lookup order: exact id or alias, then the longest known id that the model id
 * extends with a snapshot suffix only (a date, a -001 version, -latest), never with
 * a variant (gemini-1.5-flash-8b is not gemini-1.5-flash, claude-sonnet-4-9 is not
 * claude-sonnet-4). `-latest` extends only an id that names a version: after a bare
 * family name (gemini-pro-latest) it means the newest generation, which moves, so it
 * is priced only where the book records what it served (an alias timeline).
 */

/** Lowercase, without `models/`, Vertex resource paths, `provider/` or Bedrock's `anthropic.` and `:0`. */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase();
  id = id
    .replace(/^projects\/[^/]+\/locations\/[^/]+\/publishers\/[^/]+\/models\//, '')
    .replace(/^publishers\/[^/]+\/models\//, '')
    .replace(/^models\//, '')
    .replace(/^(?:openai|anthropic|google|gemini|vertex_ai|vertex)\//, '');
  // Bedrock through the Anthropic SDK family: [us.|eu.|apac.]anthropic.claude-…-v2:0
  const bedrock = /^(?:[a-z]{2,4}\.)?anthropic\.(claude-.+?)(?::\d+)?$/.exec(id);
  if (bedrock) id = bedrock[1]!;
  return id;
}

// One snapshot token after a separator: a date (20250929, 2024-08-06, 06-17, 09-2025),
// a numbered version (-001, -0613), -latest, or a Bedrock/Vertex revision (-v2).
const SNAPSHOT_TOKEN = /^[-@_:](?:\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{8}|\d{2}-\d{4}|\d{2}-\d{2}|\d{3,4}|latest|v\d+(?:\.\d+)?)(?=$|[-@_:])/;

/** What is left of `rest` after its leading snapshot tokens. */
export function stripSnapshotSuffix(rest: string): string {
  let left = rest;
  for (let m = SNAPSHOT_TOKEN.exec(left); m; m = SNAPSHOT_TOKEN.exec(left)) left = left.slice(m[0].length);
  return left;
}

// A word after a known prefix that names a different model: a size or variant
// (mini, lite, 8b, 32k), a minor version (-5, 4.5) or a modality.
const VARIANT_WORD = /^(?:\d{1,2}|\d+\.\d+|\d+[bkm]|[ae]\d+b|mini|nano|lite|pro|flash|max|plus|turbo|large|small|medium|micro|haiku|sonnet|opus|vision|audio|realtime|tts|image|embedding|embed|search|codex|instruct|transcribe|deep|omni|live|native|computer|fast|ultra|oss|luna|sol|terra|astra)$/;

const SEPARATOR = /[-@_:/]/;

/** A `latest` word anywhere in a suffix. */
const LATEST = /(?:^|[-@_:])latest(?=$|[-@_:])/;

interface PrefixKey<T> {
  key: string;
  value: T;
  /** Declared by the source as a prefix: any non-variant suffix is that model. */
  declared: boolean;
}

/**
 * Exact keys plus prefix keys, longest first. Prefix keys come in two kinds: declared
 * prefixes (the price source says every id starting so is this model; a suffix is
 * accepted unless its first word is a variant) and plain ids, which accept only a
 * snapshot suffix.
 */
export class ModelIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly byKey = new Map<string, PrefixKey<T>>();
  private sorted: PrefixKey<T>[] | undefined;

  /** A key that names this value exactly and is never extended by a suffix. */
  addExact(key: string, value: T): void {
    this.exact.set(key, value);
  }

  add(id: string, aliases: readonly string[], prefixes: readonly string[], value: T): void {
    for (const key of [id, ...aliases]) {
      if (!this.exact.has(key)) this.exact.set(key, value);
      if (!this.byKey.has(key)) this.byKey.set(key, { key, value, declared: false });
    }
    for (const key of prefixes) {
      if (!this.exact.has(key)) this.exact.set(key, value);
      const known = this.byKey.get(key);
      if (!known || (!known.declared && known.value === value)) this.byKey.set(key, { key, value, declared: true });
    }
    this.sorted = undefined;
  }

  /** The entry a normalized model id resolves to, or undefined. */
  resolve(id: string): T | undefined {
    const hit = this.exact.get(id);
    if (hit !== undefined) return hit;
    this.sorted ??= [...this.byKey.values()].sort((a, b) => b.key.length - a.key.length);
    for (const candidate of this.sorted) {
      const { key } = candidate;
      if (id.length <= key.length || !id.startsWith(key)) continue;
      const rest = id.slice(key.length);
      if (!SEPARATOR.test(key[key.length - 1]!) && !SEPARATOR.test(rest[0]!)) continue;
      // The longest key the id extends decides: a shorter one would only be a wider family.
      if (LATEST.test(rest) && !/\d/.test(key)) return undefined;
      return accepts(candidate, rest) ? candidate.value : undefined;
    }
    return undefined;
  }
}

function accepts(candidate: PrefixKey<unknown>, rest: string): boolean {
  const left = stripSnapshotSuffix(rest);
  if (left === '') return true;
  if (!candidate.declared) return false;
  // A declared prefix ending in a separator (gpt-5-nano-, claude-sonnet-4@) opens a namespace.
  if (SEPARATOR.test(candidate.key[candidate.key.length - 1]!)) return true;
  const firstWord = left.split(SEPARATOR).find((w) => w !== '') ?? '';
  return !VARIANT_WORD.test(firstWord);
}
