/**
 * POST /v1/messages: a message, or its SSE stream in the API's order:
 * message_start (usage with the input and cache counts, output_tokens 1),
 * content_block_start, ping, content_block_delta…, content_block_stop (per block),
 * message_delta (stop_reason and the final output_tokens), message_stop.
 */
import type { HandlerContext, MockRequest, Reply, SseEvent } from '../../route.js';
import { frame } from '../../sse.js';
import { DEFAULT_OUTPUT_TOKENS, answerWords, pieces } from '../../answer.js';
import { alnumId } from '../../ids.js';
import { jsonTokens } from '../../tokens.js';
import { placeholderArgs } from '../tool-args.js';
import { promptUsage } from './prompt.js';
import { anthropicHeaders } from './headers.js';

const THINKING_TOKENS = 40;
const THINKING_TEXT = 'The question is clear; answer it directly and briefly.';

function forcedTool(body: any): { name: string; input: Record<string, unknown> } | undefined {
  const tools: any[] = Array.isArray(body.tools) ? body.tools.filter((t: any) => t?.name && t.input_schema) : [];
  const choice = body.tool_choice;
  if (tools.length === 0 || !(choice?.type === 'any' || choice?.type === 'tool')) return undefined;
  const tool = tools.find((t) => t.name === choice.name) ?? tools[0];
  return { name: tool.name, input: placeholderArgs(tool.input_schema) };
}

// Server tools the API runs itself and counts in usage.server_tool_use.
const usesWebSearch = (body: any) => Array.isArray(body.tools) && body.tools.some((t: any) => String(t?.type ?? '').startsWith('web_search'));

export function messages(request: MockRequest, context: HandlerContext): Reply {
  const body = request.body;
  const { knobs } = context;
  const cap = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : Infinity;
  const thinkingOn = body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive';
  const budget = typeof body.thinking?.budget_tokens === 'number' ? body.thinking.budget_tokens : Infinity;
  // Thinking is output and spends max_tokens first.
  const thinking = thinkingOn ? Math.min(THINKING_TOKENS, budget, cap) : 0;
  const tool = forcedTool(body);
  const wanted = knobs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const visible = tool ? 0 : Math.max(0, Math.min(wanted, cap - thinking));
  const words = answerWords(visible, JSON.stringify(body.messages ?? null));
  const stopReason = tool ? 'tool_use' : visible < wanted ? 'max_tokens' : 'end_turn';
  const outputTokens = thinking + visible + (tool ? jsonTokens(tool) : 0);

  const prompt = promptUsage(body, context);
  // The newer API (the x-mock-anthropic-cumulative-delta knob) also itemizes thinking tokens.
  const newer = knobs.anthropicCumulativeDelta;
  const details = newer && thinking > 0 ? { output_tokens_details: { thinking_tokens: thinking } } : {};
  const serverTools = usesWebSearch(body) ? { server_tool_use: { web_search_requests: 1 } } : {};
  const inputUsage = {
    input_tokens: prompt.input,
    cache_creation_input_tokens: prompt.cacheWrite5m + prompt.cacheWrite1h,
    cache_read_input_tokens: prompt.cacheRead,
  };
  const usageWith = (output: number, final: boolean) => ({
    ...inputUsage,
    cache_creation: { ephemeral_5m_input_tokens: prompt.cacheWrite5m, ephemeral_1h_input_tokens: prompt.cacheWrite1h },
    output_tokens: output,
    ...(final ? { ...details, ...serverTools } : {}),
    service_tier: 'standard',
  });

  const thinkingBlock = { type: 'thinking', thinking: THINKING_TEXT, signature: alnumId('Eo', 94) };
  const toolBlock = tool && { type: 'tool_use', id: alnumId('toolu_01', 22), name: tool.name, input: tool.input };
  const content = [...(thinking > 0 ? [thinkingBlock] : []), toolBlock ?? { type: 'text', text: words.join(' ') }];
  const message = { id: alnumId('msg_01', 22), type: 'message', role: 'assistant', model: body.model, content, stop_reason: stopReason, stop_sequence: null };

  if (body.stream !== true) {
    const usage = usageWith(outputTokens, true);
    return { status: 200, headers: anthropicHeaders(), json: { value: { ...message, usage }, usage: [usage] } };
  }

  const event = (type: string, data: object, usage?: unknown): SseEvent => ({ text: frame({ type, ...data }, { event: type }), ...(usage ? { usage } : {}) });
  const startUsage = usageWith(1, false);
  const events: SseEvent[] = [event('message_start', { message: { ...message, content: [], stop_reason: null, usage: startUsage } }, startUsage)];
  const deltas: object[][] = [];
  if (thinking > 0) deltas.push([{ type: 'thinking_delta', thinking: THINKING_TEXT }, { type: 'signature_delta', signature: thinkingBlock.signature }]);
  if (toolBlock) deltas.push([{ type: 'input_json_delta', partial_json: '' }, { type: 'input_json_delta', partial_json: JSON.stringify(toolBlock.input) }]);
  else deltas.push(pieces(words).map((text) => ({ type: 'text_delta', text })));
  // Each block opens empty and fills through its deltas.
  const starts = content.map((block) => (block.type === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} }));
  deltas.forEach((list, index) => {
    events.push(event('content_block_start', { index, content_block: starts[index] }));
    // The API pings once, right after the first block opens.
    if (index === 0) events.push(event('ping', {}));
    for (const delta of list) events.push(event('content_block_delta', { index, delta }));
    events.push(event('content_block_stop', { index }));
  });
  // Older API versions send only output_tokens here; newer ones repeat the cumulative input and cache counts.
  const deltaUsage = newer ? { ...inputUsage, output_tokens: outputTokens, ...details, ...serverTools } : { output_tokens: outputTokens, ...serverTools };
  events.push(event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: deltaUsage }, deltaUsage));
  events.push(event('message_stop', {}));
  return { status: 200, headers: anthropicHeaders({ stream: true }), events };
}
