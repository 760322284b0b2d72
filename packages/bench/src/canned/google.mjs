// Gemini generateContent, canned (both Google SDKs speak it): a response, or
// `chunks` SSE chunks (`?alt=sse`), each with the cumulative usageMetadata so
// far and finishReason on the last, as the API sends them.
import { sseBody } from './sse.mjs';

const MODEL_VERSION = 'gemini-2.5-flash';
const usage = (output) => ({ promptTokenCount: 12, candidatesTokenCount: output, totalTokenCount: 12 + output });
const candidate = (text, finish) => ({ content: { role: 'model', parts: [{ text }] }, index: 0, ...(finish ? { finishReason: 'STOP' } : {}) });
const answer = JSON.stringify({ candidates: [candidate('Hello there.', true)], usageMetadata: usage(50), modelVersion: MODEL_VERSION, responseId: 'resp_bench' });
const chunk = (i, last) => `data: ${JSON.stringify({ candidates: [candidate(`w${i} `, last)], usageMetadata: usage(i + 1), modelVersion: MODEL_VERSION, responseId: 'resp_bench' })}\r\n\r\n`;

export function googleResponse(url, chunks) {
  if (!url.includes(':streamGenerateContent')) return new Response(answer, { headers: { 'content-type': 'application/json; charset=UTF-8' } });
  return new Response(sseBody(chunks, (i) => chunk(i, i === chunks - 1)), { headers: { 'content-type': 'text/event-stream' } });
}
