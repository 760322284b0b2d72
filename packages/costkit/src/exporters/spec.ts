import * as z from 'zod/mini';
import type { Exporter } from './types.js';
import { BUILTIN_EXPORTERS, BUILTIN_TYPES, isBuiltinType, type ExporterSpec } from './builtins.js';
import { exporterIssues, listOr } from './options.js';

export type { ExporterSpec } from './builtins.js';

/** An entry of `init({ exporters })`: a built-in by `type`, or an exporter object. */
export type ExporterOption = ExporterSpec | Exporter;

const EXPECTED = `expected { type: ${BUILTIN_TYPES.map((t) => `'${t}'`).join(' | ')}, … } or an object with an export(events) method`;

/**
 * A built-in is checked against its own schema, so a mistake is reported at its
 * field (`exporters.0.url`), not as "matches none of the alternatives".
 */
export const exporterOptionSchema = z.custom<ExporterOption>().check(z.superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null) {
    ctx.addIssue({ code: 'custom', message: EXPECTED });
    return;
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) {
    if (typeof (value as Exporter).export !== 'function') ctx.addIssue({ code: 'custom', message: EXPECTED });
    return;
  }
  if (!isBuiltinType(type)) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `unknown exporter type ${JSON.stringify(type)}; expected ${listOr(BUILTIN_TYPES)}, or pass an exporter object` });
    return;
  }
  const result = BUILTIN_EXPORTERS[type].spec.safeParse(value);
  if (result.success) return;
  for (const issue of exporterIssues(result.error, type)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}));
