import type * as z from 'zod/mini';
import type { Exporter } from './types.js';
import { stdoutExporter } from './stdout/index.js';
import { stdoutSpecSchema } from './stdout/options.js';
import { fileExporter } from './file/index.js';
import { fileSpecSchema } from './file/options.js';
import { httpExporter } from './http/index.js';
import { httpSpecSchema } from './http/options.js';

/**
 * The built-in exporters, by the `type` that names them in `init({ exporters })`:
 * the schema of that entry and the factory it becomes. The list of types and the
 * messages that name them are derived from this map, so a new built-in is one
 * entry here.
 */
export const BUILTIN_EXPORTERS = {
  stdout: { spec: stdoutSpecSchema, create: ({ type: _, ...options }: z.output<typeof stdoutSpecSchema>) => stdoutExporter(options) },
  file: { spec: fileSpecSchema, create: ({ type: _, ...options }: z.output<typeof fileSpecSchema>) => fileExporter(options) },
  http: { spec: httpSpecSchema, create: ({ type: _, ...options }: z.output<typeof httpSpecSchema>) => httpExporter(options) },
} satisfies { [type: string]: { spec: z.ZodMiniType<{ type: string }>; create: (spec: never) => Exporter } };

export type BuiltinType = keyof typeof BUILTIN_EXPORTERS;
export const BUILTIN_TYPES = Object.keys(BUILTIN_EXPORTERS) as BuiltinType[];

/** `{ type: 'http', url, … }` and the other built-ins' entries. */
export type ExporterSpec = { [T in BuiltinType]: z.input<(typeof BUILTIN_EXPORTERS)[T]['spec']> }[BuiltinType];

export function isBuiltinType(type: unknown): type is BuiltinType {
  return typeof type === 'string' && Object.hasOwn(BUILTIN_EXPORTERS, type);
}
