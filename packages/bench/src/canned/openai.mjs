// OpenAI chat completions, canned: a completion, or a stream of `chunks` chunks
// (the last carries finish_reason) plus the usage chunk when the request asks
// `stream_options.include_usage`, then [DONE].
import { dataFrame, sseBody } from './sse.mjs';

const MODEL = 'gpt-4o-mini-2024-07-18';
const usage = { prompt_tokens: 12, completion_tokens: 50, total_tokens: 62, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const completion = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }],
  usage,
});
const chunk = (delta, finish) => dataFrame({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] });
const usageChunk = dataFrame({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [], usage });

export function openaiResponse(body, chunks) {
  if (!body.stream) return new Response(completion, { headers: { 'content-type': 'application/json', 'x-request-id': 'req_bench' } });
  const withUsage = body.stream_options?.include_usage === true;
  const frames = chunks + (withUsage ? 1 : 0) + 1;
  const eventAt = (i) => {
    if (i === 0) return chunk({ role: 'assistant', content: 'w0 ' }, null);
    if (i < chunks - 1) return chunk({ content: `w${i} ` }, null);
    if (i === chunks - 1) return chunk({ content: 'end.' }, 'stop');
    if (withUsage && i === chunks) return usageChunk;
    return 'data: [DONE]\n\n';
  };
  return new Response(sseBody(frames, eventAt), { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' } });
}
