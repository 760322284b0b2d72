// Runs one worker in a fresh process on a given Node binary and returns the JSON
// line it printed last. A worker that fails fails the bench, with its output.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function runWorker(node, script, options, { nodeFlags = [], prefix = [], env = {}, timeoutMs = 600_000 } = {}) {
  const command = prefix.length > 0 ? prefix[0] : node;
  const args = [...prefix.slice(1), ...(prefix.length > 0 ? [node] : []), ...nodeFlags, script, JSON.stringify(options)];
  let stdout;
  try {
    ({ stdout } = await run(command, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }));
  } catch (error) {
    throw new Error(`worker failed: ${command} ${args.join(' ')}\n${error.stderr ?? ''}${error.stdout ?? ''}${error.message}`);
  }
  const last = stdout.trim().split('\n').at(-1);
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`worker printed no result: ${command} ${args.join(' ')}\n${stdout}`);
  }
}
