/** POST /v1/chat/completions: plain, and streamed as chat.completion.chunk events ending `data: [DONE]`. */
import type { HandlerContext, MockRequest, Reply, SseEvent } from '../../route.js';
import { frame } from '../../sse.js';
import { pieces } from '../../answer.js';
import { alnumId, hexId } from '../../ids.js';
import { REQUEST_OVERHEAD, jsonTokens, messageTokens } from '../../tokens.js';
import { placeholderArgs } from '../tool-args.js';
import { fingerprintOf, servedTier } from './models.js';
import { chatUsage, plan, type PromptPiece, type ToolCall } from './plan.js';
import { openaiHeaders } from './headers.js';

export function chatPrompt(body: any): PromptPiece[] {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  return [
    { key: { tools: body.tools ?? null }, tokens: REQUEST_OVERHEAD + jsonTokens(body.tools) },
    ...messages.map((m) => ({ key: m, tokens: messageTokens(m?.content, jsonTokens(m?.tool_calls)) })),
  ];
}

/** A call the request forces: `tool_choice: 'required'` or a named function. */
function forcedToolCall(body: any): ToolCall | undefined {
  const tools: any[] = Array.isArray(body.tools) ? body.tools.filter((t: any) => t?.function?.name) : [];
  const choice = body.tool_choice;
  if (tools.length === 0 || !(choice === 'required' || choice?.type === 'function')) return undefined;
  const tool = tools.find((t) => t.function.name === choice?.function?.name) ?? tools[0];
  return { name: tool.function.name, arguments: JSON.stringify(placeholderArgs(tool.function.parameters)) };
}

export function chatCompletions(request: MockRequest, context: HandlerContext): Reply {
  const body = request.body;
  const p = plan(request, context, chatPrompt(body), {
    cap: body.max_completion_tokens ?? body.max_tokens,
    effort: body.reasoning_effort,
    toolCall: forcedToolCall(body),
  });
  const usage = chatUsage(p);
  const id = alnumId('chatcmpl-', 29);
  const created = Math.floor(Date.now() / 1000);
  const head = { id, created, model: p.model, service_tier: servedTier(body.service_tier), system_fingerprint: fingerprintOf(p.model) };
  const finish = p.toolCall ? 'tool_calls' : p.truncated ? 'length' : 'stop';
  const call = p.toolCall && { id: alnumId('call_', 24), type: 'function', function: p.toolCall };

  if (body.stream !== true) {
    const message = { role: 'assistant', content: call ? null : p.words.join(' '), ...(call ? { tool_calls: [call] } : {}), refusal: null, annotations: [] };
    const value = { ...head, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage };
    return { status: 200, headers: openaiHeaders(), json: { value, usage: [usage] } };
  }

  // With include_usage every chunk carries `usage: null` and one last chunk, with no choices, the usage.
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], usageValue: unknown = null): SseEvent => ({
    text: frame({ ...head, object: 'chat.completion.chunk', choices, ...(withUsage ? { usage: usageValue } : {}), obfuscation: hexId('', 3) }),
    ...(usageValue ? { usage: usageValue } : {}),
  });
  const delta = (d: object, finishReason: string | null = null) => chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finishReason }]);
  const events: SseEvent[] = [];
  if (call) {
    events.push(delta({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }], refusal: null }));
    events.push(delta({ tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }));
  } else {
    events.push(delta({ role: 'assistant', content: '', refusal: null }));
    for (const piece of pieces(p.words)) events.push(delta({ content: piece }));
  }
  events.push(delta({}, finish));
  if (withUsage) events.push(chunk([], usage));
  events.push({ text: frame('[DONE]') });
  return { status: 200, headers: openaiHeaders({ stream: true }), events };
}
