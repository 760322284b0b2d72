import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Exporter } from './types.js';

export interface FileExporterOptions {
  path: string;
}

/**
 * Appends JSON lines. One append per batch, with O_APPEND, so lines from several
 * processes writing the same file never interleave inside a line.
 */
export function fileExporter(options: FileExporterOptions): Exporter {
  let ready: Promise<unknown> | undefined;
  return {
    async export(events) {
      ready ??= mkdir(dirname(options.path), { recursive: true });
      await ready;
      await appendFile(options.path, events.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600, flag: 'a' });
    },
  };
}
