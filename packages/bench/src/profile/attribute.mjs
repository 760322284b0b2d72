import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** costkit's own files (the built dist the variants load), as profile URLs contain them. */
export const costkitDist = `${dirname(fileURLToPath(import.meta.resolve('costkit')))}/`;

// Self time from a .cpuprofile: each sample's duration (to the next sample) goes
// to the function on top of the stack, then summed per function and per file.
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const duration = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + duration);
  }
  const functions = [];
  let totalUs = 0;
  for (const [id, us] of self) {
    totalUs += us;
    const { callFrame } = byId.get(id);
    functions.push({ name: callFrame.functionName || '(anonymous)', url: callFrame.url, line: callFrame.lineNumber + 1, us });
  }
  return { totalUs, functions };
}

/** The functions whose file is under `dir`, merged by name and line, largest first. */
export function within(functions, dir) {
  const merged = new Map();
  for (const f of functions) {
    if (!f.url.includes(dir)) continue;
    const key = `${f.name} ${f.url.slice(f.url.indexOf(dir) + dir.length)}:${f.line}`;
    merged.set(key, (merged.get(key) ?? 0) + f.us);
  }
  return [...merged].map(([where, us]) => ({ where, us })).sort((a, b) => b.us - a.us);
}
