/** POST /v1/completions (legacy): text_completion objects; streams follow the chat rules for include_usage. */
import type { HandlerContext, MockRequest, Reply, SseEvent } from '../../route.js';
import { frame } from '../../sse.js';
import { pieces } from '../../answer.js';
import { alnumId } from '../../ids.js';
import { contentTokens } from '../../tokens.js';
import { completionsUsage, plan } from './plan.js';
import { openaiHeaders } from './headers.js';

// The legacy endpoint's default output cap, which the real API applies when max_tokens is absent.
const DEFAULT_MAX_TOKENS = 16;

export function completions(request: MockRequest, context: HandlerContext): Reply {
  const body = request.body;
  // A bare prompt has no message framing: its tokens are its text's.
  const p = plan(request, context, [{ key: body.prompt ?? '', tokens: contentTokens(body.prompt) }], { cap: body.max_tokens ?? DEFAULT_MAX_TOKENS });
  const usage = completionsUsage(p);
  const id = alnumId('cmpl-', 29);
  const created = Math.floor(Date.now() / 1000);
  const finish = p.truncated ? 'length' : 'stop';

  if (body.stream !== true) {
    const value = { id, object: 'text_completion', created, model: p.model, choices: [{ text: `\n\n${p.words.join(' ')}`, index: 0, logprobs: null, finish_reason: finish }], usage };
    return { status: 200, headers: openaiHeaders(), json: { value, usage: [usage] } };
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], usageValue: unknown = null): SseEvent => ({
    text: frame({ id, object: 'text_completion', created, choices, model: p.model, ...(withUsage ? { usage: usageValue } : {}) }),
    ...(usageValue ? { usage: usageValue } : {}),
  });
  const texts = ['\n\n', ...pieces(p.words)];
  const events = texts.map((text, i) => chunk([{ text, index: 0, logprobs: null, finish_reason: i === texts.length - 1 ? finish : null }]));
  if (withUsage) events.push(chunk([], usage));
  events.push({ text: frame('[DONE]') });
  return { status: 200, headers: openaiHeaders({ stream: true }), events };
}
