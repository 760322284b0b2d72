/** POST /v1/embeddings: one vector per input, float arrays or base64 float32 (the SDK asks for base64 by default). */
import type { MockRequest, Reply } from '../../route.js';
import { contentTokens } from '../../tokens.js';
import { openaiHeaders } from './headers.js';

// Short vectors keep replies small; `dimensions` asks for another length.
const DEFAULT_DIMENSIONS = 8;
const MAX_DIMENSIONS = 3072;

export function embeddings(request: MockRequest): Reply {
  const body = request.body;
  // A token array (or an array of them) is already tokens; text is counted by the rule.
  const inputs: unknown[] = Array.isArray(body.input) && typeof body.input[0] !== 'number' ? body.input : [body.input];
  const tokens = inputs.reduce((sum: number, input) => sum + (Array.isArray(input) ? input.length : contentTokens(input)), 0);
  const usage = { prompt_tokens: tokens, total_tokens: tokens };
  const dimensions = Math.min(Number.isInteger(body.dimensions) && body.dimensions > 0 ? body.dimensions : DEFAULT_DIMENSIONS, MAX_DIMENSIONS);
  const vector = (i: number) => Array.from({ length: dimensions }, (_, k) => Number((Math.sin(i + k + 1) / 2).toFixed(6)));
  const encode = (values: number[]) => (body.encoding_format === 'base64' ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values);
  const value = {
    object: 'list',
    data: inputs.map((_, i) => ({ object: 'embedding', index: i, embedding: encode(vector(i)) })),
    model: String(body.model ?? 'unknown'),
    usage,
  };
  return { status: 200, headers: openaiHeaders(), json: { value, usage: [usage] } };
}
