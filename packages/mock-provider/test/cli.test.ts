import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The built CLI: run `npx tsup` in packages/mock-provider first.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('costkit-mock-provider', () => {
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (cd packages/mock-provider && npx tsup)`);
  });

  it('starts on a free port, prints the base URL per SDK, answers, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    while (!out.includes('generative-ai')) {
      const [chunk] = (await once(child.stdout, 'data')) as [string];
      out += chunk;
    }
    const url = /^mock provider listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)![1]!;
    expect(out).toContain(`baseURL: '${url}/v1'`);
    expect(out).toContain(`baseUrl: '${url}'`);
    const res = await fetch(`${url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(200);
    expect((await res.json()).usage.output_tokens).toBe(10);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a bad port with a usage line', async () => {
    const child = spawn(process.execPath, [cli, '--port', 'abc'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err).toMatch(/usage: costkit-mock-provider/);
  });
});
