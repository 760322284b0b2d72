#!/usr/bin/env node
// The call-path overhead in CPU instructions, which do not vary with what else
// the machine is doing (wall time on a small shared VM varies by ±15%). Each
// side runs under valgrind's callgrind twice, with N and 2N calls; the
// difference divided by N is the instructions of one call, start-up excluded.
//   node packages/costkit/bench/instructions.mjs [workload]   (needs valgrind)
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const workload = process.argv[2] ?? 'plain';
const N = Number(process.env.BENCH_CALLS ?? 150);

function instructions(mode, calls) {
  const out = join(tmpdir(), `costkit-cg-${process.pid}-${mode}-${calls}`);
  execFileSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, join(here, 'call-path-worker.mjs'), mode, workload], {
    env: { ...process.env, BENCH_CALLS: String(calls) },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const total = Number(/^summary: (\d+)/m.exec(readFileSync(out, 'utf8'))?.[1]);
  rmSync(out, { force: true });
  return total;
}

const perCall = (mode) => (instructions(mode, 2 * N) - instructions(mode, N)) / N;
const plain = perCall('plain');
const costkit = perCall('costkit');
console.log(`workload ${workload}: uninstrumented ${(plain / 1000).toFixed(0)}k instructions/call, costkit ${(costkit / 1000).toFixed(0)}k, ratio ${(costkit / plain).toFixed(3)}`);
