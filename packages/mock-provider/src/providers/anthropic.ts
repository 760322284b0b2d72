import type { Knobs, MockRequest, Reply, Route } from '../types.js';
import { frame } from '../sse.js';
import { DEFAULT_OUTPUT_TOKENS, MESSAGE_OVERHEAD, REQUEST_OVERHEAD, answerWords, nextId, textOf, textTokens } from '../tokens.js';

const THINKING_TOKENS = 40;

// Prompt-cache prefixes written so far: the first request writes, repeats read.
const cachedPrefixes = new Set<string>();

interface Blocks {
  /** Every prompt piece in API order: tools, system, then messages' blocks. */
  pieces: { tokens: number; cacheControl: { ttl?: string } | undefined; key: unknown }[];
}

function promptPieces(body: any): Blocks {
  const pieces: Blocks['pieces'] = [];
  const add = (value: any) => pieces.push({ tokens: textTokens(textOf(value)) + (value?.input_schema ? 10 : 0), cacheControl: value?.cache_control, key: value });
  for (const tool of body.tools ?? []) add(tool);
  if (typeof body.system === 'string') add({ text: body.system });
  else for (const block of body.system ?? []) add(block);
  for (const message of body.messages ?? []) {
    if (typeof message.content === 'string') add({ text: message.content });
    else for (const block of message.content ?? []) add(block);
  }
  return { pieces };
}

interface Usage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: string;
  server_tool_use?: { web_search_requests: number };
}

/**
 * The real semantics: `input_tokens` excludes what was read from or written to
 * the cache. The prefix up to the last `cache_control` block is the cached part.
 */
function usageFor(body: any, knobs: Knobs): Omit<Usage, 'output_tokens'> {
  const { pieces } = promptPieces(body);
  const total = REQUEST_OVERHEAD + (body.messages?.length ?? 0) * MESSAGE_OVERHEAD + pieces.reduce((s, p) => s + p.tokens, 0);
  const lastMarked = pieces.map((p) => p.cacheControl).lastIndexOf(pieces.map((p) => p.cacheControl).filter(Boolean).at(-1));
  let read = 0;
  let write5m = 0;
  let write1h = 0;
  if (knobs.cachedTokens !== undefined) {
    read = Math.min(knobs.cachedTokens, total);
  } else if (lastMarked >= 0) {
    const prefix = pieces.slice(0, lastMarked + 1);
    const prefixTokens = REQUEST_OVERHEAD + prefix.reduce((s, p) => s + p.tokens, 0);
    const key = `${body.model}\u0000${JSON.stringify(prefix.map((p) => p.key))}`;
    if (cachedPrefixes.has(key)) read = prefixTokens;
    else if (pieces[lastMarked]!.cacheControl?.ttl === '1h') write1h = prefixTokens;
    else write5m = prefixTokens;
    cachedPrefixes.add(key);
  }
  const webSearch = (body.tools ?? []).some((t: any) => String(t?.type ?? '').startsWith('web_search'));
  return {
    input_tokens: total - read - write5m - write1h,
    cache_creation_input_tokens: write5m + write1h,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
    service_tier: 'standard',
    ...(webSearch ? { server_tool_use: { web_search_requests: 1 } } : {}),
  };
}

const headers = () => ({ 'request-id': nextId('req_'), 'anthropic-organization-id': 'mock-org' });

function messages(request: MockRequest, knobs: Knobs): Reply {
  const body = request.body;
  const thinking = body.thinking?.type === 'enabled' ? THINKING_TOKENS : 0;
  const wanted = knobs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const visible = Math.max(0, Math.min(wanted, (body.max_tokens ?? Infinity) - thinking));
  const words = answerWords(visible, JSON.stringify(body.messages ?? '').slice(0, 64));
  const forcedTool = (body.tools ?? []).length > 0 && (body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool');
  const stopReason = forcedTool ? 'tool_use' : visible < wanted ? 'max_tokens' : 'end_turn';
  const base = usageFor(body, knobs);
  const usage: Usage = { ...base, output_tokens: visible + thinking + (forcedTool ? 8 : 0) };
  const id = nextId('msg_');
  const text = words.join(' ');
  const content: unknown[] = [];
  if (thinking) content.push({ type: 'thinking', thinking: 'Considering the question step by step.', signature: 'mock-signature' });
  if (forcedTool) content.push({ type: 'tool_use', id: nextId('toolu_'), name: body.tool_choice?.name ?? body.tools[0].name, input: {} });
  else content.push({ type: 'text', text });
  const message = { id, type: 'message', role: 'assistant', model: body.model, content, stop_reason: stopReason, stop_sequence: null, usage };
  if (!body.stream) return { status: 200, headers: headers(), json: message, usageBlocks: [usage] };

  const startUsage = { ...base, output_tokens: 1 };
  const ev = (type: string, data: object) => frame({ type, ...data }, type);
  const frames = [ev('message_start', { message: { ...message, content: [], stop_reason: null, usage: startUsage } })];
  let index = 0;
  if (thinking) {
    frames.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    frames.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: 'Considering the question step by step.' } }));
    frames.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'mock-signature' } }));
    frames.push(ev('content_block_stop', { index }));
    index++;
  }
  frames.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
  frames.push(ev('ping', {}));
  words.forEach((word, i) => frames.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: (i ? ' ' : '') + word } })));
  frames.push(ev('content_block_stop', { index }));
  // Newer API versions repeat the cumulative input and cache counts in message_delta.
  const deltaUsage = knobs.anthropicCumulativeDelta
    ? { input_tokens: base.input_tokens, cache_creation_input_tokens: base.cache_creation_input_tokens, cache_read_input_tokens: base.cache_read_input_tokens, output_tokens: usage.output_tokens, ...(base.server_tool_use ? { server_tool_use: base.server_tool_use } : {}) }
    : { output_tokens: usage.output_tokens };
  frames.push(ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: deltaUsage }));
  frames.push(ev('message_stop', {}));
  return { status: 200, headers: headers(), frames, usageBlocks: [startUsage, deltaUsage] };
}

function countTokens(request: MockRequest): Reply {
  const { pieces } = promptPieces(request.body);
  const total = REQUEST_OVERHEAD + (request.body.messages?.length ?? 0) * MESSAGE_OVERHEAD + pieces.reduce((s, p) => s + p.tokens, 0);
  return { status: 200, headers: headers(), json: { input_tokens: total }, usageBlocks: [] };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export const anthropicRoute: Route = {
  provider: 'anthropic',
  match(method, path) {
    if (method !== 'POST') return undefined;
    if (path === '/v1/messages') return 'messages';
    if (path === '/v1/messages/count_tokens') return 'messages.countTokens';
    return undefined;
  },
  isStream: (request, operation) => operation === 'messages' && request.body?.stream === true,
  handle: (request, operation, knobs) => (operation === 'messages' ? messages(request, knobs) : countTokens(request)),
  error(status, message) {
    const h = headers();
    return { status, headers: h, json: { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message }, request_id: h['request-id'] }, usageBlocks: [] };
  },
  usageOf(payload) {
    return payload?.usage ?? payload?.message?.usage ?? undefined;
  },
};
