import type { CallRecord } from '../../recorder.js';
import type { ResponseObservers } from '../stainless/api-promise.js';
import { openaiFinishReason, openaiUsage, responsesFinishReason } from './usage.js';

type Body = Record<string, any>;

export type OpenAIOperation = 'chat.completions' | 'completions' | 'responses' | 'embeddings';

const OBSERVERS: Record<OpenAIOperation, ResponseObservers> = {
  responses: { body: observeResponse, streamItem: observeResponseEvent },
  embeddings: { body: observeEmbedding, streamItem: () => true },
  'chat.completions': { body: observeCompletion, streamItem: (chunk, record) => observeChunk(chunk as Body, record, false) },
  completions: { body: observeCompletion, streamItem: (chunk, record) => observeChunk(chunk as Body, record, false) },
};
const WITH_INJECTED_USAGE: ResponseObservers = {
  body: observeCompletion,
  streamItem: (chunk, record) => observeChunk(chunk as Body, record, true),
};

/** How each OpenAI operation's body and stream items fill the record (built once, shared by every call). */
export function openaiObservers(operation: OpenAIOperation, usageInjected: boolean): ResponseObservers {
  return usageInjected ? WITH_INJECTED_USAGE : OBSERVERS[operation];
}

function observeCompletion(body: unknown, record: CallRecord): void {
  const b = body as Body;
  record.usage = openaiUsage(b?.usage);
  record.responseModel = typeof b?.model === 'string' ? b.model : record.responseModel;
  record.finishReason = openaiFinishReason(b?.choices?.[0]?.finish_reason);
  if (typeof b?.service_tier === 'string') record.serviceTier = b.service_tier;
  if (typeof b?._request_id === 'string') record.requestId = b._request_id;
}

/**
 * A chat or completions chunk. When costkit asked for `include_usage`, the API
 * adds a final chunk with `choices: []` (which crashes apps that read
 * `choices[0]`) and `usage: null` on every other chunk: both are undone here so
 * the app sees exactly the stream it asked for.
 */
function observeChunk(chunk: Body, record: CallRecord, usageInjected: boolean): boolean {
  if (!chunk || typeof chunk !== 'object') return true;
  if (typeof chunk.model === 'string' && chunk.model) record.responseModel = chunk.model;
  if (typeof chunk.service_tier === 'string') record.serviceTier = chunk.service_tier;
  const choices = chunk.choices as Body[] | undefined;
  if (choices && choices.length > 0) {
    record.markFirstToken();
    for (const choice of choices) {
      const reason = openaiFinishReason(choice?.finish_reason);
      if (reason) record.finishReason = reason;
    }
  }
  if (chunk.usage) record.usage = openaiUsage(chunk.usage);
  if (!usageInjected) return true;
  if (chunk.usage && (!choices || choices.length === 0)) return false;
  if (chunk.usage === null) delete chunk.usage;
  return true;
}

function observeResponse(body: unknown, record: CallRecord): void {
  const b = body as Body;
  if (!b || typeof b !== 'object') return;
  if (b.usage) record.usage = openaiUsage(b.usage);
  if (typeof b.model === 'string') record.responseModel = b.model;
  if (typeof b.service_tier === 'string') record.serviceTier = b.service_tier;
  record.finishReason = responsesFinishReason(b.status, b.incomplete_details) ?? record.finishReason;
  if (typeof b._request_id === 'string') record.requestId = b._request_id;
}

/** Responses stream events: the model arrives first, usage in the terminal event. */
function observeResponseEvent(item: unknown, record: CallRecord): boolean {
  const event = item as Body;
  const type = event?.type;
  if (typeof type !== 'string') return true;
  if (type.endsWith('.delta')) record.markFirstToken();
  else if (type === 'response.created' || type === 'response.in_progress') {
    if (typeof event.response?.model === 'string') record.responseModel = event.response.model;
  } else if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
    observeResponse(event.response, record);
  }
  return true;
}

function observeEmbedding(body: unknown, record: CallRecord): void {
  const b = body as Body;
  record.usage = openaiUsage(b?.usage);
  if (typeof b?.model === 'string') record.responseModel = b.model;
}
