import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The built CLI: run `npx tsup` in packages/mock-provider first.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
// Where the four SDKs are installed (costkit's dev dependencies).
const costkitDir = fileURLToPath(new URL('../../costkit/', import.meta.url));

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
    // The lines to paste construct working clients as they are, with no key in the environment.
    const pasted = (sdk: string) => new RegExp(`^  ${sdk.replace('/', '\\/')}\\s+(.+)$`, 'm').exec(out)![1]!;
    const keyless = { ...process.env, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '' };
    const program = [
      "const { OpenAI } = require('openai'); const { Anthropic } = require('@anthropic-ai/sdk'); const { GoogleGenAI } = require('@google/genai'); const { GoogleGenerativeAI } = require('@google/generative-ai');",
      `(async () => {`,
      `  const openai = ${pasted('openai')};`,
      `  const anthropic = ${pasted('@anthropic-ai/sdk')};`,
      `  const ai = ${pasted('@google/genai')};`,
      `  const model = ${pasted('@google/generative-ai')};`,
      `  await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });`,
      `  await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });`,
      `  await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });`,
      `  await model.generateContent('hi');`,
      `  console.log('four calls answered');`,
      `})().catch((error) => { console.error(error.message); process.exit(1); });`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', program], { cwd: costkitDir, env: keyless, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('four calls answered');
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
