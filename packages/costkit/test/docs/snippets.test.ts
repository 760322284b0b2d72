import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

// Every TypeScript snippet in the README, the docs and the packages' READMEs
// compiles under --strict with nodenext, against costkit's real types, the
// SDKs' and the frameworks', as a user copying it would compile it. A snippet
// that shows an API's shape rather than code to run is marked
// `<!-- signature, not compiled -->` on the line before it. Names a snippet
// uses without defining (an app's `openai` client, `messages`, `app`) are
// declared once, below, with the types an app would have.

const pkg = resolve(__dirname, '../..');
const root = resolve(pkg, '../..');
const documents = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f)),
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')).filter((f) => { try { readFileSync(f); return true; } catch { return false; } }),
];

interface Snippet {
  where: string;
  source: string;
}

function snippetsOf(file: string): Snippet[] {
  const text = readFileSync(file, 'utf8');
  const out: Snippet[] = [];
  for (const match of text.matchAll(/(<!-- signature, not compiled -->\s*\n)?```ts\n([\s\S]*?)```/g)) {
    if (match[1]) continue;
    const line = text.slice(0, match.index).split('\n').length;
    out.push({ where: `${relative(root, file)}:${line}`, source: match[2]! });
  }
  return out;
}

// What a snippet may use without defining it: the app around the snippet.
const APP = `
import type OpenAIClient from 'openai';
import type AnthropicClient from '@anthropic-ai/sdk';
import type { GoogleGenAI } from '@google/genai';
import type { Express, Request, Response } from 'express';
import type { MockProvider } from '@costkit/mock-provider';
import type costkitDefault from 'costkit';
declare global {
  const costkit: typeof costkitDefault;
  const mock: MockProvider;
  const openai: OpenAIClient;
  const anthropic: AnthropicClient;
  const ai: GoogleGenAI;
  const messages: Array<{ role: 'user' | 'assistant' | 'system'; content: string }>;
  const app: Express;
  const req: Request;
  const res: Response;
  function currentTenant(): string;
}
export {};
`;

it('compiles every TypeScript snippet of the docs under --strict', () => {
  const snippets = documents.flatMap(snippetsOf);
  expect(snippets.length).toBeGreaterThan(30);
  // Inside the package, so the SDKs and frameworks resolve from its node_modules.
  const dir = mkdtempSync(join(pkg, '.docs-snippets-'));
  try {
    writeFileSync(join(dir, 'app.d.ts'), APP);
    const names = new Map<string, string>();
    snippets.forEach((snippet, i) => {
      const file = `snippet-${i}.mts`;
      names.set(file, snippet.where);
      // A snippet without imports or exports is still a module, as a file of an app is.
      writeFileSync(join(dir, file), /^\s*(import|export)\b/m.test(snippet.source) ? snippet.source : `${snippet.source}\nexport {};\n`);
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true, types: ['node'],
          paths: {
            costkit: ['../src/index.ts'],
            'costkit/guard': ['../src/guard/index.ts'],
            'costkit/exporters': ['../src/exporters/index.ts'],
            'costkit/http': ['../src/http/index.ts'],
            'costkit/budget': ['../src/budget/index.ts'],
            '@costkit/redis': ['../../redis/src/index.ts'],
            '@costkit/otel': ['../../otel/src/index.ts'],
            '@costkit/mock-provider': ['../../mock-provider/src/index.ts'],
            '@costkit/cli': ['../../cli/src/index.ts'],
            '@opentelemetry/api': ['../../otel/node_modules/@opentelemetry/api/build/src/index.d.ts'],
            ioredis: ['../../redis/node_modules/ioredis/built/index.d.ts'],
          },
        },
        include: ['*.mts', 'app.d.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { encoding: 'utf8', timeout: 180_000 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    // Name each failure by the document and line it comes from, not the temp file.
    const located = output.replace(/snippet-(\d+)\.mts\((\d+),(\d+)\)/g, (_, i, line, col) => `${names.get(`snippet-${i}.mts`)} (+${Number(line) - 1} lines, col ${col})`);
    expect(located).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 240_000);
