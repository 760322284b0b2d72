import type { ExporterOption } from './spec.js';
import type { Exporter } from './types.js';
import { fileExporter } from './file.js';
import { httpExporter } from './http.js';
import { stdoutExporter } from './stdout.js';

export { DeadLetteredError, type Exporter } from './types.js';
export type { ExporterSpec, ExporterOption } from './spec.js';
export { stdoutExporter, prettyLine, type StdoutExporterOptions } from './stdout.js';
export { fileExporter, type FileExporterOptions } from './file.js';
export { httpExporter, type HttpExporterOptions } from './http.js';
export { onCallStart, attachment, type CallStart, type CallStartHook } from '../instrument/call-start.js';
export type { CostkitEvent, CallEvent } from '../event.js';
export { PROVIDER_IDS, providerInfo, type Provider, type ProviderInfo } from '../providers/ids.js';
/** The queue and batching init() runs, for tools that feed exporters themselves (replay, benchmarks). */
export { Pipeline, type PipelineStats, type ExporterStats } from '../pipeline.js';
export type { PipelineOptions } from '../pipeline-options.js';

/** Turns an `init({ exporters })` entry into an exporter. */
export function createExporter(option: ExporterOption): Exporter {
  if (!('type' in option) || typeof option.type !== 'string') return option as Exporter;
  switch (option.type) {
    case 'stdout':
      return stdoutExporter({ pretty: option.pretty });
    case 'file':
      return fileExporter({ path: option.path, rotate: option.rotate, maxFileBytes: option.maxFileBytes });
    case 'http':
      return httpExporter(option);
  }
}
