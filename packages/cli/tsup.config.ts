import { defineConfig } from 'tsup';

// The binary and the library entry (the query functions `costkit html` and other
// tools reuse). ESM only: a command line tool has no CommonJS consumers, and the
// library entry is imported by ESM code (the html command, scripts).
// Second: the script every `costkit html` page inlines, built for the browser into
// dist/client/ (each build cleans only its own output).
export default defineConfig([
  {
    entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    clean: ['!client/**'],
    target: 'node20',
    sourcemap: true,
    splitting: true,
  },
  {
    entry: { 'html-client': 'src/html/client/main.ts' },
    outDir: 'dist/client',
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    minify: true,
    clean: true,
    sourcemap: false,
    dts: false,
  },
]);
