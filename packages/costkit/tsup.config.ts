import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', guard: 'src/guard/index.ts', exporters: 'src/exporters/index.ts', http: 'src/http/index.ts', budget: 'src/budget/index.ts', register: 'src/register.ts', 'register-loader': 'src/register-loader.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // shims gives the CJS build import.meta.url, which module resolution needs.
  shims: true,
  clean: true,
  target: 'node20',
  sourcemap: true,
  splitting: false,
  // zod/mini is bundled: required from node_modules, zod is hundreds of small files
  // (about 60 ms of CPU at startup); bundled and tree-shaken, a few ms. resolve.exports
  // too: one package less to resolve and read when costkit loads (about 1 ms).
  noExternal: ['zod', 'resolve.exports'],
  // Which build this is: init() knows an ESM app from a CommonJS one by it.
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, __COSTKIT_FORMAT__: JSON.stringify(format) };
  },
});
