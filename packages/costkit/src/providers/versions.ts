/**
 * Whether `version` is inside `range`, for the ranges adapters declare:
 * space-separated comparators (`>=4.0.0 <8`), each `>=`, `>`, `<=`, `<` or `=`
 * and a version whose missing parts are 0. Prerelease tags are ignored. An
 * unreadable version is outside every range (the caller warns, never refuses).
 */
export function versionInRange(version: string, range: string): boolean {
  const have = parse(version);
  if (!have) return false;
  return range
    .trim()
    .split(/\s+/)
    .every((comparator) => {
      const match = /^(>=|<=|>|<|=)?(\d+(?:\.\d+){0,2})$/.exec(comparator);
      if (!match) return false;
      const order = compare(have, parse(match[2]!)!);
      switch (match[1] ?? '=') {
        case '>=':
          return order >= 0;
        case '>':
          return order > 0;
        case '<=':
          return order <= 0;
        case '<':
          return order < 0;
        default:
          return order === 0;
      }
    });
}

function parse(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
