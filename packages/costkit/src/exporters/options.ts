import * as z from 'zod/mini';
import { CostkitConfigError } from '../errors.js';

// Each message names what was expected and gives an example, so the error a user
// sees (prefixed with the option path) says how to fix it. init({ exporters })
// and the factories (httpExporter(…)) check options with the same schemas and
// report them with the same messages.

export const whole = (field: string, example: number) => {
  const error = `expected a whole number > 0, e.g. ${field}: ${example}`;
  return z.int({ error }).check(z.positive({ error }));
};

export const filePath = (field: string, example: string) => {
  const error = `expected a file path, e.g. ${field}: '${example}'`;
  return z.string({ error }).check(z.minLength(1, { error }));
};

export interface OptionIssue {
  path: (string | number)[];
  message: string;
}

/** A schema's complaints about a `type` exporter's options, worded for a person. */
export function exporterIssues(error: z.core.$ZodError, type: string): OptionIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown option(s) ${issue.keys.map((k) => `'${k}'`).join(', ')} for a '${type}' exporter; check the spelling against docs/exporters.md`
        : issue.message,
  }));
}

/** A factory's options, checked as init({ exporters }) checks them; a mistake throws CostkitConfigError. */
export function parseFactoryOptions<S extends z.ZodMiniType>(schema: S, input: unknown, type: string, factory: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new CostkitConfigError(
    exporterIssues(result.error, type).map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    factory,
  );
}

/** 'a', 'b' or 'c' */
export function listOr(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 2 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
