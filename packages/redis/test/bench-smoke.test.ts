// The admission bench's smoke: with tiny counts it must start its own
// redis-server, run every mode through the installed SDK and print its table.
// It judges no timing; it keeps `pnpm --filter @costkit/redis bench` runnable.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const bench = fileURLToPath(new URL('../bench/admission.mjs', import.meta.url));

test('the admission bench runs every mode and the reserve round trip', { timeout: 120_000 }, async () => {
  const { stdout } = await run(process.execPath, [bench], { env: { ...process.env, BENCH_CALLS: '20', BENCH_ROUNDS: '1' } });
  expect(stdout).toContain('1 rounds of 20 sequential calls per mode');
  for (const mode of ['no budget', 'a budget in memory', 'a budget on Redis (loopback)']) {
    expect(stdout).toMatch(new RegExp(`\\| ${mode.replace(/[()]/g, '\\$&')} \\| \\d+ \\|`));
  }
  expect(stdout).toMatch(/RedisBudgetStore\.reserve alone .*p50 \d+ µs/);
});
