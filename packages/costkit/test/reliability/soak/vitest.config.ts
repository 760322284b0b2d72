import { defineConfig } from 'vitest/config';

// `pnpm test:soak`: the load test, outside the default suite (whose include is *.test.ts).
export default defineConfig({
  test: {
    include: ['packages/costkit/test/reliability/soak/**/*.soak.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
