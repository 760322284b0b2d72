// How much each case runs. The defaults are what docs/benchmarks.md reports;
// BENCH_* variables or --rounds change them; quick is the smoke's tiny counts.
const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);

export function settings({ quick = false, rounds } = {}) {
  if (quick) {
    return {
      rounds: 1, warmup: 5, calls: { plain: 10, stream: 5 },
      callgrind: { repeats: 1, warmup: 2, calls: [2, 4], predictable: true },
      profile: { calls: 10 },
      alloc: { rounds: 1 },
      startup: { rounds: 1 },
      memory: { rounds: 1, chunks: 500, abandoned: 20, warmupStreams: 5 },
    };
  }
  const callRounds = rounds ? Number(rounds) : env('BENCH_ROUNDS', 9);
  const calls = env('BENCH_CALLS', undefined);
  return {
    rounds: callRounds,
    warmup: env('BENCH_WARMUP', 1000),
    // About a second of calls per process for each shape on this machine.
    calls: { plain: calls ?? 2000, stream: calls ?? 1000 },
    // Under V8's --predictable an identical run repeats its count, so one run per
    // call count is enough. The two counts are 10 000 calls apart: a window of a
    // thousand calls holds a garbage collection (or a compile) in one variant and
    // not in the next, and moved the ratio between 1.05× and 1.35× for one build.
    callgrind: callgrindSettings(process.env.BENCH_CALLGRIND_PREDICTABLE !== '0'),
    profile: { calls: env('BENCH_PROFILE_CALLS', 5000) },
    alloc: { rounds: env('BENCH_ALLOC_ROUNDS', 3) },
    startup: { rounds: env('BENCH_STARTUP_ROUNDS', 15) },
    memory: { rounds: env('BENCH_MEMORY_ROUNDS', 2), chunks: 100_000, abandoned: env('BENCH_ABANDONED', 10_000), warmupStreams: 200 },
  };
}

function callgrindSettings(predictable) {
  const calls = (process.env.BENCH_CALLGRIND_CALLS ?? '2000,12000').split(',').map(Number);
  if (calls.length !== 2 || !calls.every((n) => Number.isInteger(n) && n > 0) || calls[0] >= calls[1]) {
    throw new Error(`BENCH_CALLGRIND_CALLS: expected two increasing call counts such as '2000,12000', got '${process.env.BENCH_CALLGRIND_CALLS}'`);
  }
  return { repeats: env('BENCH_CALLGRIND_REPEATS', predictable ? 1 : 3), warmup: env('BENCH_CALLGRIND_WARMUP', 3000), calls, predictable };
}
