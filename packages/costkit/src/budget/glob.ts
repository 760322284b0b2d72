/** `*` matches any run of characters (none included); everything else is literal. */
export type Matcher = (value: string) => boolean;

export function globMatcher(pattern: string): Matcher {
  if (!pattern.includes('*')) return (value) => value === pattern;
  if (pattern === '*') return () => true;
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const regex = new RegExp(`^${escaped.join('.*')}$`, 's');
  return (value) => regex.test(value);
}

/**
 * A `{ pattern: value }` map looked up by name: the exact key first, then the
 * most specific glob (the longest pattern), so `claude-opus-4-1` beats
 * `claude-opus-*` and both beat `*`.
 */
export function globMap(map: Readonly<Record<string, string>>): (key: string) => string | undefined {
  const exact = new Map<string, string>();
  const globs: Array<{ match: Matcher; value: string; length: number }> = [];
  for (const [pattern, value] of Object.entries(map)) {
    if (pattern.includes('*')) globs.push({ match: globMatcher(pattern), value, length: pattern.length });
    else exact.set(pattern, value);
  }
  globs.sort((a, b) => b.length - a.length);
  return (key) => {
    const hit = exact.get(key);
    if (hit !== undefined) return hit;
    for (const glob of globs) if (glob.match(key)) return glob.value;
    return undefined;
  };
}
