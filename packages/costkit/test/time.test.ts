import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../src/time.js';

describe('isoTimestamp', () => {
  it('equals Date#toISOString for every millisecond shape and across seconds', () => {
    const base = Date.UTC(2026, 10, 22, 23, 59, 58, 0);
    for (const offset of [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1999, 2000, 2005, 86_400_000 + 7]) {
      expect(isoTimestamp(base + offset)).toBe(new Date(base + offset).toISOString());
    }
    // Going back to an earlier second rebuilds the cached prefix.
    expect(isoTimestamp(base)).toBe(new Date(base).toISOString());
  });
});
