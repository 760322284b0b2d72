import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    // Each file runs in its own child process: patching SDK prototypes and
    // process-wide hooks must not leak from one file into another.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
