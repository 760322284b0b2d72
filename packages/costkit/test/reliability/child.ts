import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const pkg = resolve(__dirname, '../..');
const root = resolve(pkg, '../..');

/**
 * Bundles a TypeScript app (and the costkit source it imports) into one .mjs a
 * child `node` runs, without a prior build. Packages stay external and resolve
 * from packages/costkit/node_modules (the output sits under it), unless
 * `bundlePackages`: then the SDKs are inside the bundle too, as an app bundled
 * for production has them.
 */
export function bundleApp(entry: string, options: { bundlePackages?: boolean; format?: 'esm' | 'cjs' } = {}): string {
  const cache = join(pkg, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const format = options.format ?? 'esm';
  const dir = mkdtempSync(join(cache, 'reliability-'));
  bundles.push(dir);
  const out = join(dir, format === 'esm' ? 'app.mjs' : 'app.cjs');
  const args = [entry, '--bundle', '--platform=node', `--format=${format}`, `--outfile=${out}`, '--log-level=error'];
  if (!options.bundlePackages) args.push('--packages=external');
  else if (format === 'esm') args.push("--banner:js=import { createRequire as __costkitCreateRequire } from 'node:module'; const require = __costkitCreateRequire(import.meta.url);");
  execFileSync(join(root, 'node_modules/.bin/esbuild'), args, { stdio: 'pipe' });
  return out;
}

const bundles: string[] = [];

/** Removes every bundle this test file made (call it in afterAll). */
export function removeBundles(): void {
  for (const dir of bundles.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node [execArgv] file` to its end, everything it printed captured. */
export function runNode(file: string, options: { env?: Record<string, string>; execArgv?: string[]; cwd?: string; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [...(options.execArgv ?? []), file], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c));
    proc.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The last line of a child's stdout, parsed: how an app reports what it saw. */
export function lastJsonLine<T = any>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}
