import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

// docs/interactions.md promises copy-paste snippets: each TypeScript block must
// compile under --strict against the real framework types and costkit's source.
const pkg = resolve(__dirname, '../..');
const doc = readFileSync(resolve(pkg, '../../docs/interactions.md'), 'utf8');
const snippets = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

it('compiles every TypeScript snippet of docs/interactions.md under --strict', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(7);
  // Inside the package, so the frameworks resolve from its node_modules.
  const dir = mkdtempSync(join(pkg, '.docs-snippets-'));
  try {
    snippets.forEach((source, i) => writeFileSync(join(dir, `snippet-${i}.mts`), source));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true, types: ['node'],
          paths: {
            costkit: ['../src/index.ts'],
            'costkit/http': ['../src/http/index.ts'],
            '@opentelemetry/api': ['../../otel/node_modules/@opentelemetry/api/build/src/index.d.ts'],
          },
        },
        include: ['*.mts'],
      }),
    );
    const tsc = join(resolve(pkg, '../..'), 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', timeout: 120_000 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
