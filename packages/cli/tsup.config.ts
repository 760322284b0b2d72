import { defineConfig } from 'tsup';

// The binary and the library entry (the query functions `costkit html` and other
// tools reuse). ESM only: a command line tool has no CommonJS consumers, and the
// library entry is imported by ESM code (the html command, scripts).
export default defineConfig({
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  target: 'node20',
  sourcemap: true,
  splitting: true,
});
