import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requiredCopies } from '../../src/instrument/loader.js';

// init() in a CommonJS app patches the SDK copies it finds in the require cache,
// in one pass for every SDK. These entries stand in for modules the app required.
const cache = createRequire(import.meta.url).cache;
const added: string[] = [];
let dir: string | undefined;

function pkg(root: string, name: string, version: string): void {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
}

function required(path: string): void {
  cache[path] = { id: path, filename: path, loaded: true, exports: {} } as NodeJS.Module;
  added.push(path);
}

afterEach(() => {
  for (const path of added.splice(0)) delete cache[path];
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('requiredCopies', () => {
  it('finds each required copy of each SDK once, scoped names and nested copies included, and nothing unrequired', () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'costkit-required-')));
    const nm = join(dir, 'node_modules');
    pkg(join(nm, 'openai'), 'openai', '6.1.0');
    pkg(join(nm, 'lib', 'node_modules', 'openai'), 'openai', '5.9.0');
    pkg(join(nm, '@google', 'genai'), '@google/genai', '1.20.0');
    pkg(join(nm, '@anthropic-ai', 'sdk'), '@anthropic-ai/sdk', '0.60.0');
    required(join(nm, 'openai', 'index.js'));
    required(join(nm, 'openai', 'resources', 'chat.js'));
    required(join(nm, 'lib', 'node_modules', 'openai', 'index.js'));
    required(join(nm, 'lib', 'index.js'));
    required(join(nm, '@google', 'genai', 'dist', 'node', 'index.cjs'));
    // An unrelated package whose name starts like an SDK's.
    pkg(join(nm, 'openai-helpers'), 'openai-helpers', '1.0.0');
    required(join(nm, 'openai-helpers', 'index.js'));

    const found = requiredCopies(['openai', '@anthropic-ai/sdk', '@google/genai']);
    const mine = (name: string) => (found.get(name) ?? []).filter((copy) => copy.root.startsWith(dir!)).map((copy) => [copy.root, copy.version]);

    expect(mine('openai').sort()).toEqual([
      [join(nm, 'lib', 'node_modules', 'openai'), '5.9.0'],
      [join(nm, 'openai'), '6.1.0'],
    ]);
    expect(mine('@google/genai')).toEqual([[join(nm, '@google', 'genai'), '1.20.0']]);
    // Installed but never required: not a copy to patch now.
    expect(mine('@anthropic-ai/sdk')).toEqual([]);
    expect([...found.keys()]).toEqual(['openai', '@anthropic-ai/sdk', '@google/genai']);
  });
});
