/**
 * POST /v1/responses: a response object, or its stream of typed events, each
 * with `sequence_number`: response.created, response.in_progress, then per output
 * item output_item.added … output_item.done, and response.completed (or
 * response.incomplete when the cap cut it) carrying `response.usage`.
 * Also POST /v1/responses/input_tokens (the token count, no generation).
 */
import type { HandlerContext, MockRequest, Reply, SseEvent } from '../../route.js';
import { frame } from '../../sse.js';
import { pieces } from '../../answer.js';
import { alnumId, hexId } from '../../ids.js';
import { REQUEST_OVERHEAD, contentTokens, jsonTokens, messageTokens } from '../../tokens.js';
import { placeholderArgs } from '../tool-args.js';
import { servedTier } from './models.js';
import { plan, responsesUsage, type Plan, type PromptPiece, type ToolCall } from './plan.js';
import { openaiHeaders } from './headers.js';

export function responsesPrompt(body: any): PromptPiece[] {
  const input: any[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
  const instructions = typeof body.instructions === 'string' ? body.instructions : undefined;
  return [
    { key: { tools: body.tools ?? null, instructions: instructions ?? null }, tokens: REQUEST_OVERHEAD + jsonTokens(body.tools) + (instructions ? messageTokens(instructions) : 0) },
    // Input items are messages ({ role, content }) or typed items (function_call_output, …) counted whole.
    ...input.map((item) => ({ key: item, tokens: item?.role ? messageTokens(item.content) : messageTokens(undefined, contentTokens(item)) })),
  ];
}

function forcedToolCall(body: any): ToolCall | undefined {
  const tools: any[] = Array.isArray(body.tools) ? body.tools.filter((t: any) => t?.type === 'function' && t.name) : [];
  const choice = body.tool_choice;
  if (tools.length === 0 || !(choice === 'required' || choice?.type === 'function')) return undefined;
  const tool = tools.find((t) => t.name === choice?.name) ?? tools[0];
  return { name: tool.name, arguments: JSON.stringify(placeholderArgs(tool.parameters)) };
}

export function inputTokens(request: MockRequest): Reply {
  const tokens = responsesPrompt(request.body).reduce((sum, piece) => sum + piece.tokens, 0);
  return { status: 200, headers: openaiHeaders(), json: { value: { object: 'response.input_tokens', input_tokens: tokens }, usage: [] } };
}

export function responses(request: MockRequest, context: HandlerContext): Reply {
  const body = request.body;
  const p = plan(request, context, responsesPrompt(body), { cap: body.max_output_tokens, effort: body.reasoning?.effort, toolCall: forcedToolCall(body) });
  const usage = responsesUsage(p);
  const items = outputItems(p);
  const status = p.truncated ? 'incomplete' : 'completed';
  const createdAt = Math.floor(Date.now() / 1000);
  const base = {
    id: hexId('resp_', 25),
    object: 'response',
    created_at: createdAt,
    background: false,
    error: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: p.model,
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? (p.reasoningTokens > 0 ? 'medium' : null), summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    user: null,
    metadata: body.metadata ?? {},
  };
  const final = {
    ...base,
    status,
    completed_at: p.truncated ? null : createdAt,
    incomplete_details: p.truncated ? { reason: 'max_output_tokens' } : null,
    output: items.map((item) => item.done),
    service_tier: servedTier(body.service_tier),
    usage,
  };
  if (body.stream !== true) return { status: 200, headers: openaiHeaders(), json: { value: final, usage: [usage] } };

  // While in progress the response echoes the requested tier ('auto' when unset) and has no usage yet.
  const pending = { ...base, status: 'in_progress', completed_at: null, incomplete_details: null, output: [], service_tier: body.service_tier ?? 'auto', usage: null };
  let sequence = 0;
  const event = (type: string, data: object, usageValue?: unknown): SseEvent => ({
    text: frame({ type, ...data, sequence_number: sequence++ }, { event: type }),
    ...(usageValue ? { usage: usageValue } : {}),
  });
  const events = [event('response.created', { response: pending }), event('response.in_progress', { response: pending })];
  items.forEach((item, outputIndex) => events.push(...item.stream(event, outputIndex)));
  events.push(event(p.truncated ? 'response.incomplete' : 'response.completed', { response: final }, usage));
  return { status: 200, headers: openaiHeaders({ stream: true }), events };
}

type Emit = (type: string, data: object) => SseEvent;

interface OutputItem {
  done: object;
  stream(emit: Emit, outputIndex: number): SseEvent[];
}

/** The output items in API order: reasoning (reasoning models), then the message or the function call. */
function outputItems(p: Plan): OutputItem[] {
  const items: OutputItem[] = [];
  if (p.reasoningTokens > 0) {
    const done = { id: hexId('rs_', 25), type: 'reasoning', summary: [] };
    items.push({
      done,
      stream: (emit, output_index) => [emit('response.output_item.added', { output_index, item: done }), emit('response.output_item.done', { output_index, item: done })],
    });
  }
  if (p.toolCall) {
    const done = { id: hexId('fc_', 25), type: 'function_call', status: 'completed', arguments: p.toolCall.arguments, call_id: alnumId('call_', 24), name: p.toolCall.name };
    items.push({
      done,
      stream: (emit, output_index) => [
        emit('response.output_item.added', { output_index, item: { ...done, status: 'in_progress', arguments: '' } }),
        emit('response.function_call_arguments.delta', { item_id: done.id, output_index, delta: done.arguments }),
        emit('response.function_call_arguments.done', { item_id: done.id, output_index, arguments: done.arguments }),
        emit('response.output_item.done', { output_index, item: done }),
      ],
    });
    return items;
  }
  const text = p.words.join(' ');
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  const done = { id: hexId('msg_', 25), type: 'message', status: p.truncated ? 'incomplete' : 'completed', content: [part], role: 'assistant' };
  items.push({
    done,
    stream: (emit, output_index) => {
      const at = { content_index: 0, item_id: done.id, output_index };
      return [
        emit('response.output_item.added', { output_index, item: { ...done, status: 'in_progress', content: [] } }),
        emit('response.content_part.added', { ...at, part: { ...part, text: '' } }),
        ...pieces(p.words).map((delta) => emit('response.output_text.delta', { ...at, delta, logprobs: [], obfuscation: hexId('', 4) })),
        emit('response.output_text.done', { ...at, logprobs: [], text }),
        emit('response.content_part.done', { ...at, part }),
        emit('response.output_item.done', { output_index, item: done }),
      ];
    },
  });
  return items;
}
