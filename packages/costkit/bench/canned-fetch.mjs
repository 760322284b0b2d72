// The provider's side of the bench: canned chat completion answers, in process,
// so what is measured is the SDK and costkit, not a network.
const completion = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
});
const chunk = (delta, finish) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const usageChunk = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18', choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } })}\n\n`;

export async function cannedFetch(_url, init) {
  const body = JSON.parse(init.body);
  if (!body.stream) return new Response(completion, { headers: { 'content-type': 'application/json', 'x-request-id': 'req_bench' } });
  const parts = [chunk({ role: 'assistant', content: '' }, null), chunk({ content: 'Hello' }, null), chunk({ content: ' there.' }, null), chunk({}, 'stop')];
  if (body.stream_options?.include_usage) parts.push(usageChunk);
  parts.push('data: [DONE]\n\n');
  return new Response(parts.join(''), { headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' } });
}
