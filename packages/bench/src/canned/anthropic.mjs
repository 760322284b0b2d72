// Anthropic messages, canned: a message, or the API's event order for a stream
// of `chunks` text deltas: message_start, content_block_start, ping, the deltas,
// content_block_stop, message_delta (stop_reason, output_tokens), message_stop.
import { namedFrame, sseBody } from './sse.mjs';

const MODEL = 'claude-sonnet-4-5-20250929';
const headers = (stream) => ({ 'content-type': stream ? 'text/event-stream; charset=utf-8' : 'application/json', 'request-id': 'req_bench' });
const startUsage = { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' };
const message = JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: MODEL,
  content: [{ type: 'text', text: 'Hello there.' }], stop_reason: 'end_turn', stop_sequence: null,
  usage: { ...startUsage, output_tokens: 50 },
});
const messageStart = namedFrame('message_start', { type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage: startUsage } });
const blockStart = namedFrame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
const ping = namedFrame('ping', { type: 'ping' });
const delta = (i) => namedFrame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `w${i} ` } });
const blockStop = namedFrame('content_block_stop', { type: 'content_block_stop', index: 0 });
const messageDelta = (chunks) => namedFrame('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: chunks } });
const messageStop = namedFrame('message_stop', { type: 'message_stop' });

export function anthropicResponse(body, chunks) {
  if (!body.stream) return new Response(message, { headers: headers(false) });
  const head = [messageStart, blockStart, ping];
  const tail = [blockStop, messageDelta(chunks), messageStop];
  const eventAt = (i) => (i < head.length ? head[i] : i < head.length + chunks ? delta(i - head.length) : tail[i - head.length - chunks]);
  return new Response(sseBody(head.length + chunks + tail.length, eventAt), { headers: headers(true) });
}
