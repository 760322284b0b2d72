// One call-path measurement in a fresh process: `calls` calls of one SDK, shape
// and variant after `warmup` calls, timed by CPU time (process.cpuUsage, every
// thread) and wall time. A fresh process per measurement keeps variants from
// sharing JIT state or patched prototypes. With `profile`, a CPU profile of the
// measured calls only is written there (the profiler --cpu-prof uses); with
// `allocations`, a sampling heap profile of them (what they allocated). The
// smoke passes several providers and shapes: each is measured in turn.
import { performance } from 'node:perf_hooks';
import { SDKS, callOf } from '../sdks.mjs';
import { optionsFromArgv, prepare, report } from '../prepare.mjs';
import { startAllocationProfile, startProfile } from '../profile/session.mjs';

const options = optionsFromArgv();
const { providers, shapes, calls, warmup, profile, allocations } = options;
const prepared = await prepare(options);
if (prepared.unavailable) {
  report({ unavailable: prepared.unavailable });
  process.exit(0);
}

async function run(call, n) {
  for (let i = 0; i < n; i++) {
    await call();
    // Let timers and I/O run now and then, as a server's event loop would (the
    // exporters and span processors work from there); every variant pays it alike.
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function measure(provider, shape) {
  const call = callOf(SDKS[provider], prepared.clients[provider], shape);
  await run(call, warmup);
  const profiler = profile ? await startProfile() : allocations ? await startAllocationProfile() : undefined;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await run(call, calls);
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  if (profiler) await profiler.stopTo(profile ?? allocations);
  return { provider, shape, cpuUsPerCall: (cpu.user + cpu.system) / calls, wallUsPerCall: (wallMs * 1000) / calls };
}

const measurements = await prepared.scope(async () => {
  const out = [];
  for (const provider of providers) for (const shape of shapes) out.push(await measure(provider, shape));
  return out;
});

const recorded = await prepared.recorded();
report({
  node: process.version,
  measurements,
  expected: providers.length * shapes.length * (warmup + calls),
  recorded: recorded ?? null,
  served: prepared.fetch.served,
});
