/**
 * Valid provider answers in each wire format (hand-written, the numbers
 * arbitrary), the starting point the property tests break.
 */
type Json = Record<string, any>;

export const openaiCompletion = (): Json => ({
  id: 'chatcmpl-prop',
  object: 'chat.completion',
  created: 1755182719,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Four.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 91, completion_tokens: 21, total_tokens: 112, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 0 } },
});

export const openaiChunk = (delta: Json, finish: string | null, extra: Json = {}): Json => ({
  id: 'chatcmpl-prop',
  object: 'chat.completion.chunk',
  created: 1755182719,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  ...extra,
});

export const openaiUsageChunk = (usage: unknown): Json => ({
  id: 'chatcmpl-prop',
  object: 'chat.completion.chunk',
  created: 1755182719,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [],
  usage,
});

export const anthropicMessage = (): Json => ({
  id: 'msg_prop',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Four.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 17, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 12, service_tier: 'standard' },
});

export const anthropicEvents = (): Array<[string, Json]> => [
  ['message_start', { type: 'message_start', message: { ...anthropicMessage(), content: [], stop_reason: null, usage: { input_tokens: 17, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } } }],
  ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
  ['ping', { type: 'ping' }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Four' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '.' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }],
  ['message_stop', { type: 'message_stop' }],
];

export const geminiResponse = (text = 'Four.', finishReason: string | undefined = 'STOP', usage: Json = { promptTokenCount: 9, candidatesTokenCount: 2, totalTokenCount: 11 }): Json => ({
  candidates: [{ content: { parts: [{ text }], role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 }],
  usageMetadata: usage,
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-prop',
});
