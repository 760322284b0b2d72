import type { ExporterOption } from './spec.js';
import type { Exporter } from './types.js';
import { BUILTIN_EXPORTERS, isBuiltinType } from './builtins.js';

export { DeadLetteredError, type Exporter, type ExportResult, type ExportContext } from './types.js';
export type { ExporterSpec, ExporterOption } from './spec.js';
export { stdoutExporter, prettyLine, type StdoutExporterOptions } from './stdout/index.js';
export { fileExporter, type FileExporterOptions } from './file/index.js';
export { httpExporter, type HttpExporterOptions } from './http/index.js';
export { onCallStart, attachment, type CallStart, type CallStartHook } from '../instrument/call-start.js';
export type { CostkitEvent, CallEvent } from '../event.js';
export { PROVIDER_IDS, providerInfo, type Provider, type ProviderInfo } from '../providers/ids.js';
/** The queue and batching init() runs, for tools that feed exporters themselves (replay, benchmarks). */
export { Pipeline, type PipelineStats, type ExporterStats } from '../pipeline/pipeline.js';
export type { PipelineOptions } from '../pipeline-options.js';
export type { DeadlineOptions } from '../pipeline/deadline.js';

/** Turns an `init({ exporters })` entry into an exporter. */
export function createExporter(option: ExporterOption): Exporter {
  const type = (option as { type?: unknown }).type;
  if (!isBuiltinType(type)) return option as Exporter;
  const builtin = BUILTIN_EXPORTERS[type] as { create: (spec: ExporterOption) => Exporter };
  return builtin.create(option);
}
