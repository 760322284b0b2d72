import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', guard: 'src/guard/index.ts', exporters: 'src/exporters/index.ts', budget: 'src/budget/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // shims gives the CJS build import.meta.url, which module resolution needs.
  shims: true,
  clean: true,
  target: 'node20',
  sourcemap: true,
  splitting: false,
});
