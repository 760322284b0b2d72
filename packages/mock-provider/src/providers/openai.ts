import type { Knobs, MockRequest, Reply, Route } from '../types.js';
import { frame } from '../sse.js';
import { DEFAULT_OUTPUT_TOKENS, MESSAGE_OVERHEAD, REQUEST_OVERHEAD, answerWords, nextId, textOf, textTokens } from '../tokens.js';

// The dated snapshot the real API reports for an alias.
const SNAPSHOTS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'o3': 'o3-2025-04-16',
  'o4-mini': 'o4-mini-2025-04-16',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-3.5-turbo-instruct': 'gpt-3.5-turbo-instruct:20230824-v2',
};
const REASONING_TOKENS = 64;
const isReasoningModel = (model: string) => /^(o1|o3|o4|gpt-5)/.test(model);

const OPERATIONS: Record<string, string> = {
  '/v1/chat/completions': 'chat.completions',
  '/v1/completions': 'completions',
  '/v1/responses': 'responses',
  '/v1/embeddings': 'embeddings',
};

// Prompts seen before: a repeat of a long prompt is served from the prompt cache.
const seenPrompts = new Set<string>();

interface Answer {
  words: string[];
  finish: 'stop' | 'length';
  promptTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  model: string;
}

function answer(request: MockRequest, knobs: Knobs, promptTokens: number, cap: unknown): Answer {
  const model = String(request.body.model ?? 'unknown');
  const wanted = knobs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const limit = typeof cap === 'number' && cap > 0 ? cap : Infinity;
  const reasoningTokens = isReasoningModel(model) ? REASONING_TOKENS : 0;
  const visible = Math.max(0, Math.min(wanted, limit - reasoningTokens));
  const key = `${model}\u0000${JSON.stringify(request.body.messages ?? request.body.input ?? request.body.prompt)}`;
  let cachedTokens = 0;
  if (knobs.cachedTokens !== undefined) cachedTokens = Math.min(knobs.cachedTokens, promptTokens);
  else if (promptTokens >= 1024 && seenPrompts.has(key)) cachedTokens = promptTokens - (promptTokens % 128);
  seenPrompts.add(key);
  return {
    words: answerWords(visible, JSON.stringify(request.body).slice(0, 64)),
    finish: visible < wanted ? 'length' : 'stop',
    promptTokens,
    cachedTokens,
    reasoningTokens,
    model: SNAPSHOTS[model] ?? model,
  };
}

function messagesTokens(messages: unknown): number {
  const list = Array.isArray(messages) ? messages : [];
  return REQUEST_OVERHEAD + list.reduce((sum: number, m) => sum + MESSAGE_OVERHEAD + textTokens(textOf(m)), 0);
}

function chatUsage(a: Answer) {
  const completion = a.words.length + a.reasoningTokens;
  return {
    prompt_tokens: a.promptTokens,
    completion_tokens: completion,
    total_tokens: a.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: a.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: a.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function responsesUsage(a: Answer) {
  const output = a.words.length + a.reasoningTokens;
  return {
    input_tokens: a.promptTokens,
    input_tokens_details: { cached_tokens: a.cachedTokens },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: a.reasoningTokens },
    total_tokens: a.promptTokens + output,
  };
}

const headers = () => ({ 'x-request-id': nextId('req_'), 'openai-processing-ms': '12' });

function chat(request: MockRequest, knobs: Knobs): Reply {
  const body = request.body;
  const a = answer(request, knobs, messagesTokens(body.messages), body.max_completion_tokens ?? body.max_tokens);
  const usage = chatUsage(a);
  const id = nextId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const tier = body.service_tier ?? 'default';
  const toolCall = wantsToolCall(body);
  if (!body.stream) {
    const message = toolCall
      ? { role: 'assistant', content: null, tool_calls: [toolCall], refusal: null, annotations: [] }
      : { role: 'assistant', content: a.words.join(' '), refusal: null, annotations: [] };
    return {
      status: 200,
      headers: headers(),
      json: { id, object: 'chat.completion', created, model: a.model, choices: [{ index: 0, message, logprobs: null, finish_reason: toolCall ? 'tool_calls' : a.finish }], usage, service_tier: tier, system_fingerprint: 'fp_mock' },
      usageBlocks: [usage],
    };
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: object = {}) =>
    frame({ id, object: 'chat.completion.chunk', created, model: a.model, service_tier: tier, system_fingerprint: 'fp_mock', choices, ...(withUsage ? { usage: null } : {}), ...extra });
  const frames = [chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }])];
  a.words.forEach((word, i) => frames.push(chunk([{ index: 0, delta: { content: (i ? ' ' : '') + word }, logprobs: null, finish_reason: null }])));
  frames.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: a.finish }]));
  if (withUsage) frames.push(chunk([], { usage }));
  frames.push(frame('[DONE]'));
  return { status: 200, headers: headers(), frames, usageBlocks: withUsage ? [usage] : [] };
}

function wantsToolCall(body: any): unknown | undefined {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length === 0 || !(body.tool_choice === 'required' || typeof body.tool_choice === 'object')) return undefined;
  const name = body.tool_choice?.function?.name ?? tools[0]?.function?.name ?? 'tool';
  return { id: nextId('call_'), type: 'function', function: { name, arguments: '{}' } };
}

function completions(request: MockRequest, knobs: Knobs): Reply {
  const body = request.body;
  const a = answer(request, knobs, REQUEST_OVERHEAD + textTokens(textOf(body.prompt)), body.max_tokens ?? 16);
  const usage = { prompt_tokens: a.promptTokens, completion_tokens: a.words.length, total_tokens: a.promptTokens + a.words.length };
  const id = nextId('cmpl-');
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    return {
      status: 200,
      headers: headers(),
      json: { id, object: 'text_completion', created, model: a.model, choices: [{ text: ' ' + a.words.join(' '), index: 0, logprobs: null, finish_reason: a.finish }], usage },
      usageBlocks: [usage],
    };
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: object = {}) => frame({ id, object: 'text_completion', created, model: a.model, choices, ...(withUsage ? { usage: null } : {}), ...extra });
  const frames = a.words.map((word, i) => chunk([{ text: ' ' + word, index: 0, logprobs: null, finish_reason: i === a.words.length - 1 ? a.finish : null }]));
  if (withUsage) frames.push(chunk([], { usage }));
  frames.push(frame('[DONE]'));
  return { status: 200, headers: headers(), frames, usageBlocks: withUsage ? [usage] : [] };
}

function responses(request: MockRequest, knobs: Knobs): Reply {
  const body = request.body;
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
  const a = answer(request, knobs, messagesTokens(input) + (body.instructions ? textTokens(String(body.instructions)) : 0), body.max_output_tokens);
  const usage = responsesUsage(a);
  const id = nextId('resp_');
  const msgId = nextId('msg_');
  const text = a.words.join(' ');
  const incomplete = a.finish === 'length';
  const base = {
    id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: a.model, service_tier: body.service_tier ?? 'default',
    error: null, instructions: body.instructions ?? null, max_output_tokens: body.max_output_tokens ?? null, parallel_tool_calls: true,
    temperature: 1, tool_choice: 'auto', tools: [], top_p: 1, text: { format: { type: 'text' } }, truncation: 'disabled', metadata: {},
  };
  const part = { type: 'output_text', text, annotations: [], logprobs: [] };
  const item = { type: 'message', id: msgId, status: incomplete ? 'incomplete' : 'completed', role: 'assistant', content: [part] };
  const final = {
    ...base,
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    output: [item],
    usage,
  };
  if (!body.stream) return { status: 200, headers: headers(), json: final, usageBlocks: [usage] };
  let seq = 0;
  const ev = (type: string, data: object) => frame({ type, sequence_number: seq++, ...data }, type);
  const pending = { ...base, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const frames = [
    ev('response.created', { response: pending }),
    ev('response.in_progress', { response: pending }),
    ev('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } }),
    ev('response.content_part.added', { item_id: msgId, output_index: 0, content_index: 0, part: { ...part, text: '' } }),
    ...a.words.map((word, i) => ev('response.output_text.delta', { item_id: msgId, output_index: 0, content_index: 0, delta: (i ? ' ' : '') + word, logprobs: [] })),
    ev('response.output_text.done', { item_id: msgId, output_index: 0, content_index: 0, text, logprobs: [] }),
    ev('response.content_part.done', { item_id: msgId, output_index: 0, content_index: 0, part }),
    ev('response.output_item.done', { output_index: 0, item }),
    ev(incomplete ? 'response.incomplete' : 'response.completed', { response: final }),
  ];
  return { status: 200, headers: headers(), frames, usageBlocks: [usage] };
}

function embeddings(request: MockRequest): Reply {
  const body = request.body;
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const promptTokens = inputs.reduce((sum: number, text: unknown) => sum + textTokens(textOf(text)), 0);
  const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  const vector = (i: number) => Array.from({ length: 8 }, (_, k) => Number((Math.sin(i + k) / 2).toFixed(6)));
  // The SDK asks for base64 by default and decodes it itself.
  const encode = (values: number[]) => (body.encoding_format === 'base64' ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values);
  return {
    status: 200,
    headers: headers(),
    json: { object: 'list', data: inputs.map((_: unknown, i: number) => ({ object: 'embedding', index: i, embedding: encode(vector(i)) })), model: String(body.model), usage },
    usageBlocks: [usage],
  };
}

const ERROR_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['permission_denied', null],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['rate_limit_exceeded', 'rate_limit_exceeded'],
};

export const openaiRoute: Route = {
  provider: 'openai',
  match: (method, path) => (method === 'POST' ? OPERATIONS[path] : undefined),
  isStream: (request, operation) => operation !== 'embeddings' && request.body?.stream === true,
  handle(request, operation, knobs) {
    if (operation === 'chat.completions') return chat(request, knobs);
    if (operation === 'completions') return completions(request, knobs);
    if (operation === 'responses') return responses(request, knobs);
    return embeddings(request);
  },
  error(status, message) {
    const [type, code] = ERROR_TYPES[status] ?? ['server_error', null];
    return { status, headers: headers(), json: { error: { message, type, param: null, code } }, usageBlocks: [] };
  },
  usageOf(payload) {
    return payload?.usage ?? payload?.response?.usage ?? undefined;
  },
};
