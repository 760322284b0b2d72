/** :embedContent and :batchEmbedContents. The Gemini API reports no usage for embeddings. */
import type { MockRequest, Reply } from '../../route.js';
import { googleHeaders } from './headers.js';

const DEFAULT_DIMENSIONS = 8;
const MAX_DIMENSIONS = 3072;

function vector(request: any, i: number): number[] {
  const wanted = request?.outputDimensionality;
  const length = Math.min(Number.isInteger(wanted) && wanted > 0 ? wanted : DEFAULT_DIMENSIONS, MAX_DIMENSIONS);
  return Array.from({ length }, (_, k) => Number((Math.cos(i + k) / 2).toFixed(6)));
}

export function embed(request: MockRequest, operation: string): Reply {
  const body = request.body;
  if (operation === 'embedContent') return { status: 200, headers: googleHeaders(), json: { value: { embedding: { values: vector(body, 0) } }, usage: [] } };
  const requests: unknown[] = Array.isArray(body.requests) ? body.requests : [];
  return { status: 200, headers: googleHeaders(), json: { value: { embeddings: requests.map((r, i) => ({ values: vector(r, i) })) }, usage: [] } };
}
