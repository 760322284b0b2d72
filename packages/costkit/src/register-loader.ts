/**
 * The module loader `costkit/register` installs on Node versions without
 * in-thread module hooks (before 22.15). It runs in Node's loader thread and
 * only appends the load notification to SDK ESM entries (notify-source.ts);
 * the notification itself runs in the app's thread when the module evaluates.
 */
import { fileURLToPath } from 'node:url';
import { copyContaining } from './instrument/loader.js';
import { notifyOnEvaluation } from './instrument/notify-source.js';

let packages: readonly string[] = [];

export async function initialize(data: { packages?: readonly string[] } | undefined): Promise<void> {
  packages = data?.packages ?? [];
}

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
}

export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<LoadResult>): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || !url.startsWith('file:')) return result;
  const path = fileURLToPath(url);
  if (!packages.some((name) => copyContaining(path, name)?.esmEntry === path)) return result;
  return { ...result, source: notifyOnEvaluation(result.source, url) };
}
