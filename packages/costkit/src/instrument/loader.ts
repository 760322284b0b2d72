import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exports as resolveExports } from 'resolve.exports';

/**
 * Finds every copy of an SDK the app can load, so the copy the app itself loads
 * is the one patched. A dual package (openai, @google/genai, …) has separate CJS
 * and ESM builds with separate classes: both are loaded and patched.
 */
export interface PackageCopy {
  root: string;
  /** From its package.json ('unknown' when it has none). */
  version: string;
  cjsEntry: string | undefined;
  esmEntry: string | undefined;
}

/** Where the app resolves packages from: its working directory, its main script, and costkit itself. */
function resolutionBases(): string[] {
  const bases = [process.cwd()];
  const main = require_main();
  if (main) bases.push(dirname(main));
  if (process.argv[1]) bases.push(dirname(resolvePath(process.argv[1])));
  bases.push(dirname(fileURLToPath(import.meta.url)));
  return bases;
}

function require_main(): string | undefined {
  // `require.main` exists only in the CJS build.
  try {
    return typeof require !== 'undefined' ? require.main?.filename : undefined;
  } catch {
    return undefined;
  }
}

export function findPackageCopies(name: string): PackageCopy[] {
  const roots = new Set<string>();
  for (const base of resolutionBases()) {
    const root = findPackageRoot(name, base);
    if (root) roots.add(root);
    for (const nested of nestedPackageRoots(name, base)) roots.add(nested);
  }
  return [...roots].map((root) => describeCopy(root));
}

/**
 * The copies of each of `names` whose CommonJS modules the app has already
 * required, found in the require cache: where every later load goes through
 * costkit's hook, these are all that init() has to patch now, and finding them
 * costs no walk over node_modules (a few milliseconds of existsSync and readdir).
 * One pass over the cache for every name: a large app's cache holds thousands
 * of paths, and a scan per SDK paid for each of them four times.
 */
export function requiredCopies(names: readonly string[]): Map<string, PackageCopy[]> {
  const found = new Map<string, Set<PackageCopy>>(names.map((name) => [name, new Set()]));
  const cache = requireCache();
  const marker = `${sep}node_modules${sep}`;
  for (const path of cache ? Object.keys(cache) : []) {
    // The package a module belongs to is named after the last node_modules in its path.
    const at = path.lastIndexOf(marker);
    if (at === -1) continue;
    const name = packageNameAt(path, at + marker.length);
    const copies = name === undefined ? undefined : found.get(name);
    if (!copies) continue;
    const copy = copyAt(path.slice(0, at + marker.length + name!.length));
    if (copy) copies.add(copy);
  }
  return new Map([...found].map(([name, copies]) => [name, [...copies]]));
}

/** `openai` or `@scope/name` starting at `from`, with `/` between scope and name whatever the platform's separator. */
function packageNameAt(path: string, from: number): string | undefined {
  const end = path.indexOf(sep, from);
  if (end === -1) return undefined;
  if (path[from] !== '@') return path.slice(from, end);
  const scopedEnd = path.indexOf(sep, end + 1);
  return scopedEnd === -1 ? undefined : `${path.slice(from, end)}/${path.slice(end + 1, scopedEnd)}`;
}

/**
 * Copies a dependency keeps for itself (`node_modules/lib/node_modules/openai`,
 * npm's layout when versions or dedupe disagree): the app's own resolution
 * never reaches them, but the library's calls go through them. One level of
 * nesting under each node_modules the app resolves from; pnpm's store links a
 * version to one real directory, so it has no such copies.
 */
function nestedPackageRoots(name: string, from: string): string[] {
  const found: string[] = [];
  for (let dir = resolvePath(from); ; dir = dirname(dir)) {
    for (const dep of dependenciesWithNodeModules(join(dir, 'node_modules'))) {
      const candidate = join(dep, 'node_modules', name, 'package.json');
      if (existsSync(candidate)) found.push(realpathSync(dirname(candidate)));
    }
    if (dirname(dir) === dir) return found;
  }
}

const depsCache = new Map<string, string[]>();

/** The packages in `nodeModules` (scoped ones included) that have a node_modules of their own; listed once per process. */
function dependenciesWithNodeModules(nodeModules: string): string[] {
  let deps = depsCache.get(nodeModules);
  if (deps) return deps;
  deps = [];
  const list = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true }).filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.'));
    } catch {
      return [];
    }
  };
  for (const entry of list(nodeModules)) {
    const paths = entry.name.startsWith('@') ? list(join(nodeModules, entry.name)).map((e) => join(nodeModules, entry.name, e.name)) : [join(nodeModules, entry.name)];
    for (const path of paths) if (existsSync(join(path, 'node_modules'))) deps.push(path);
  }
  depsCache.set(nodeModules, deps);
  return deps;
}

function findPackageRoot(name: string, from: string): string | undefined {
  for (let dir = resolvePath(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return realpathSync(dirname(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

const described = new Map<string, PackageCopy>();
/**
 * A package root as the module path spells it -> its real path. The import hook
 * asks for every file of an SDK's ESM build (a few hundred, all under one root),
 * and fs.realpathSync walks each path's components with an lstat apiece.
 */
const realRoots = new Map<string, string>();

/** The copy of `name` a resolved module path belongs to (…/node_modules/<name>/…), or undefined. */
export function copyContaining(path: string, name: string): PackageCopy | undefined {
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = path.lastIndexOf(marker);
  if (at === -1) return undefined;
  return copyAt(path.slice(0, at + marker.length - 1));
}

/** The copy whose root directory is `root` (as the path names it), described once. */
function copyAt(root: string): PackageCopy | undefined {
  try {
    let real = realRoots.get(root);
    if (real === undefined) realRoots.set(root, (real = realpathSync(root)));
    return describeCopy(real);
  } catch {
    return undefined;
  }
}

/** The exports of a copy's CommonJS build when the app has already required it; never loads it. */
export function requiredCjs(copy: PackageCopy): unknown {
  return copy.cjsEntry ? requireCache()?.[copy.cjsEntry]?.exports : undefined;
}

function requireCache(): NodeJS.Require['cache'] | undefined {
  try {
    return createRequire(import.meta.url).cache;
  } catch {
    return undefined;
  }
}

function describeCopy(root: string): PackageCopy {
  const known = described.get(root);
  if (known) return known;
  const copy = readCopy(root);
  described.set(root, copy);
  return copy;
}

function readCopy(root: string): PackageCopy {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, any>;
  const entry = (options: { require: boolean }): string | undefined => {
    try {
      const found = pkg.exports ? resolveExports(pkg, '.', options)?.[0] : options.require ? (pkg.main ?? 'index.js') : undefined;
      return found ? join(root, found) : undefined;
    } catch {
      return undefined;
    }
  };
  let cjsEntry = entry({ require: true });
  let esmEntry = entry({ require: false });
  if (cjsEntry && !existsSync(cjsEntry)) cjsEntry = undefined;
  if (esmEntry && (!existsSync(esmEntry) || esmEntry === cjsEntry)) esmEntry = undefined;
  // A package whose only build is ESM (its `.` entry has no require condition).
  if (cjsEntry && !pkg.exports && pkg.type === 'module') [cjsEntry, esmEntry] = [undefined, cjsEntry];
  return { root, version: typeof pkg.version === 'string' ? pkg.version : 'unknown', cjsEntry, esmEntry };
}

export async function loadEsm(copy: PackageCopy): Promise<unknown> {
  if (!copy.esmEntry) return undefined;
  return import(pathToFileURL(copy.esmEntry).href);
}
