import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The built binary, as `npm install` would put it on the PATH. */
export const BIN = resolve(__dirname, '../../dist/cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `costkit <args>` as a child process (no TTY: no progress bar). */
export function costkit(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `costkit <args> --format json`, parsed; fails the test with stderr when the exit code is not `expectCode`. */
export async function costkitJson<T = any>(args: readonly string[], expectCode = 0): Promise<T> {
  const run = await costkit([...args, '--format', 'json']);
  if (run.code !== expectCode) throw new Error(`costkit ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
