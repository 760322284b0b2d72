/** Arguments for a forced tool call: a placeholder per declared property, so the call parses and validates. */

const PLACEHOLDER: Record<string, unknown> = { string: 'mock', number: 1, integer: 1, boolean: true, array: [], object: {} };

/**
 * Fills each property of a JSON schema (OpenAI `parameters`, Anthropic
 * `input_schema`, Gemini `parameters` with its upper-case types) with a value of
 * its type: enough for an SDK helper or an app to parse the call.
 */
export function placeholderArgs(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, { type?: unknown; enum?: unknown[] }> } | undefined)?.properties;
  if (!properties || typeof properties !== 'object') return {};
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (Array.isArray(property?.enum) && property.enum.length > 0) args[name] = property.enum[0];
    else args[name] = PLACEHOLDER[String(property?.type ?? 'string').toLowerCase()] ?? 'mock';
  }
  return args;
}
