import type { OutputCapField, RequestEdits } from '../adapter.js';
import type { OpenAIOperation } from './observe.js';

/**
 * Where each OpenAI operation keeps its output cap, and the body fields that
 * costkit's edits set. Operations with no output (embeddings) have neither.
 */
type Obj = Record<string, any>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Chat completions: `max_completion_tokens`, or the legacy `max_tokens` some
 * apps (and OpenAI-compatible servers) still use. Whichever the app set is
 * the one capped; a request with neither gets `max_completion_tokens`.
 */
const chatCap: OutputCapField = {
  read({ params }) {
    if (!isObject(params)) return { requested: undefined, field: 'max_completion_tokens' };
    const modern = num(params.max_completion_tokens);
    const legacy = num(params.max_tokens);
    if (modern !== undefined && (legacy === undefined || modern >= legacy)) return { requested: modern, field: 'max_completion_tokens' };
    if (legacy !== undefined) return { requested: legacy, field: 'max_tokens' };
    return { requested: undefined, field: 'max_completion_tokens' };
  },
};

function topLevel(field: string, implicit?: number): OutputCapField {
  return { read: ({ params }) => ({ requested: isObject(params) ? num(params[field]) : undefined, field }), implicit };
}

const CAPS: Partial<Record<string, OutputCapField>> = {
  'chat.completions': chatCap,
  // The API caps a legacy completion at 16 tokens when the request sets nothing.
  completions: topLevel('max_tokens', 16),
  responses: topLevel('max_output_tokens'),
};

export function openaiOutputCap(operation: string): OutputCapField | undefined {
  return CAPS[operation];
}

/** The top-level body fields to send for `edits`, computed from the app's body. */
export function openaiBodyFields(operation: OpenAIOperation): (body: Obj, edits: RequestEdits) => Obj | undefined {
  return (body, edits) => {
    let fields: Obj | undefined;
    if (edits.streamUsage) (fields ??= {}).stream_options = { ...(isObject(body.stream_options) ? body.stream_options : {}), include_usage: true };
    if (edits.model !== undefined) (fields ??= {}).model = edits.model;
    if (edits.outputCap !== undefined) Object.assign((fields ??= {}), capFields(operation, body, edits.outputCap));
    return fields;
  };
}

function capFields(operation: OpenAIOperation, body: Obj, value: number): Obj {
  if (operation === 'responses') return { max_output_tokens: value };
  if (operation === 'completions') return { max_tokens: value };
  const out: Obj = {};
  const modern = num(body.max_completion_tokens);
  const legacy = num(body.max_tokens);
  if (legacy !== undefined) out.max_tokens = Math.min(legacy, value);
  if (modern !== undefined || legacy === undefined) out.max_completion_tokens = Math.min(modern ?? value, value);
  return out;
}
