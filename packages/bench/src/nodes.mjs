// The Node versions every case runs on: this machine's node (20) and Node 24
// (scripts/node24.mjs fetches it from the npm registry once). BENCH_NODES, a
// comma-separated list of node binaries, replaces both.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const node24Script = fileURLToPath(new URL('../../../scripts/node24.mjs', import.meta.url));

function versionOf(path) {
  return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
}

/** `[{ path, version }]`, oldest first, each version once. `only` keeps majors listed (e.g. ['20']). */
export function benchNodes(only) {
  const paths = process.env.BENCH_NODES ? process.env.BENCH_NODES.split(',') : [process.execPath, execFileSync(process.execPath, [node24Script], { encoding: 'utf8' }).trim()];
  const seen = new Map();
  for (const path of paths) {
    const version = versionOf(path);
    if (!seen.has(version)) seen.set(version, { path, version });
  }
  const nodes = [...seen.values()].sort((a, b) => parseInt(a.version.slice(1)) - parseInt(b.version.slice(1)));
  return only ? nodes.filter((n) => only.includes(n.version.slice(1).split('.')[0])) : nodes;
}
