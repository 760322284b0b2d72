import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** What the CLI reads: event files as the file exporter writes them, and Parquet copies of the ledger. */
export interface LedgerFiles {
  /** JSON lines, `.jsonl` or `.jsonl.gz` (also any other name given explicitly). */
  json: string[];
  parquet: string[];
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[{]/;
const LEDGER_FILE = /\.(jsonl|ndjson)(\.gz)?$/i;
const PARQUET = /\.parquet$/i;

/** Expands globs with DuckDB, so a pattern means the same here as in a `costkit sql` query. */
export type Globber = (pattern: string) => Promise<string[]>;

/**
 * Paths, directories and globs to a list of files, each once. A directory means every
 * `*.jsonl`, `*.jsonl.gz` and `*.parquet` in it (not its subdirectories: rotated files
 * sit side by side). Remote URLs (s3://, https://) are DuckDB's to read.
 */
export async function resolveLedgerFiles(inputs: readonly string[], glob: Globber): Promise<LedgerFiles> {
  if (inputs.length === 0) throw new UsageError('no event files given: pass one or more files, directories or globs, e.g. costkit report ./costkit-events.jsonl');
  const files: string[] = [];
  for (const input of inputs) {
    if (GLOB.test(input)) {
      const matched = (await glob(input)).sort();
      if (matched.length === 0) throw new UsageError(`${input} matches no files`);
      files.push(...matched);
    } else if (REMOTE.test(input)) {
      files.push(input);
    } else {
      files.push(...(await expandLocal(input)));
    }
  }
  const unique = [...new Set(files)];
  return { json: unique.filter((f) => !PARQUET.test(f)), parquet: unique.filter((f) => PARQUET.test(f)) };
}

async function expandLocal(input: string): Promise<string[]> {
  const path = resolve(input);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`no such file or directory: ${input}`);
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => LEDGER_FILE.test(n) || PARQUET.test(n)).sort();
  if (names.length === 0) throw new UsageError(`${input} is a directory with no *.jsonl, *.jsonl.gz or *.parquet files in it`);
  return names.map((n) => join(path, n));
}
