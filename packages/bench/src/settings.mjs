// How much each case runs. The defaults are what docs/benchmarks.md reports;
// BENCH_* variables or --rounds change them; quick is the smoke's tiny counts.
const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);

export function settings({ quick = false, rounds } = {}) {
  if (quick) {
    return {
      rounds: 1, warmup: 5, calls: { plain: 10, stream: 5 },
      callgrind: { repeats: 1, warmup: 2, calls: [2, 4] },
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
    callgrind: { repeats: env('BENCH_CALLGRIND_REPEATS', 3), warmup: env('BENCH_CALLGRIND_WARMUP', 1000), calls: [1000, 2000] },
    profile: { calls: env('BENCH_PROFILE_CALLS', 5000) },
    alloc: { rounds: env('BENCH_ALLOC_ROUNDS', 3) },
    startup: { rounds: env('BENCH_STARTUP_ROUNDS', 15) },
    memory: { rounds: env('BENCH_MEMORY_ROUNDS', 2), chunks: 100_000, abandoned: env('BENCH_ABANDONED', 10_000), warmupStreams: 200 },
  };
}
