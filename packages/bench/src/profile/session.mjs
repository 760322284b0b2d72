// A CPU profile of one stretch of a worker's run, by the same V8 profiler
// `node --cpu-prof` drives, so warm-up and start-up stay out of it. The file is a
// .cpuprofile that Chrome DevTools opens.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

// BENCH_PROFILE_INTERVAL_US samples more often, for a finer attribution (and more overhead).
const SAMPLING_INTERVAL_US = Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 100);

export async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await session.post('Profiler.start');
  return {
    async stopTo(path) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * V8's sampling heap profiler over one stretch of a worker's run, counting
 * every sampled allocation, also those already collected (so it measures what
 * was allocated, not what survived). A sample every `intervalBytes` on average:
 * the bytes per call it gives are an estimate, close at thousands of calls
 * (1 KiB and 128 B gave totals 1% apart on 2 000 OpenAI calls; 128 B made the
 * process three times slower).
 */
export async function startAllocationProfile(intervalBytes = 1024) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: intervalBytes,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stopTo(path) {
      const { profile } = await session.post('HeapProfiler.getSamplingProfile');
      await session.post('HeapProfiler.stopSampling');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
