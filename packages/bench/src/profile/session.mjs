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
