import type { ExporterOption } from './spec.js';
import type { Exporter } from './types.js';
import { fileExporter } from './file.js';
import { stdoutExporter } from './stdout.js';

export type { Exporter } from './types.js';
export type { ExporterSpec, ExporterOption } from './spec.js';
export { stdoutExporter, type StdoutExporterOptions } from './stdout.js';
export { fileExporter, type FileExporterOptions } from './file.js';

/** Turns an `init({ exporters })` entry into an exporter. */
export function createExporter(option: ExporterOption): Exporter {
  if (!('type' in option) || typeof option.type !== 'string') return option as Exporter;
  switch (option.type) {
    case 'stdout':
      return stdoutExporter({ pretty: option.pretty });
    case 'file':
      return fileExporter({ path: option.path });
  }
}
