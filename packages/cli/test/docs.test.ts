import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { costkit } from './helpers/cli.js';

const docs = resolve(__dirname, '../../../docs');
const cliMd = readFileSync(join(docs, 'cli.md'), 'utf8');
// Inside the package, so `import … from '@costkit/cli'` resolves to this package's own types.
const scratch = resolve(__dirname, '../.tmp/docs-snippets');

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/cli.md', () => {
  it('has a section for every command the binary has, and no other', async () => {
    const help = await costkit(['--help']);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) \[/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    const documented = [...cliMd.matchAll(/^## `costkit ([a-z]+)/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(commands.sort());
  });

  it('has TypeScript that compiles under --strict against the published types', () => {
    const blocks = [...cliMd.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    mkdirSync(scratch, { recursive: true });
    const files = blocks.map((code, i) => {
      const file = join(scratch, `snippet-${i}.mts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: ['node'], skipLibCheck: true });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
