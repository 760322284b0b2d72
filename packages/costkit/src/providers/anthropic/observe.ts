import type { CallRecord } from '../../recorder.js';
import type { ResponseObservers } from '../stainless/api-promise.js';
import { anthropicFinishReason, anthropicUsage, mergeAnthropicStreamUsage } from './usage.js';

type Body = Record<string, any>;

export type AnthropicOperation = 'messages' | 'messages.countTokens';

/** A Message (`messages.create` without `stream`, `messages.parse`). */
function observeMessage(body: unknown, record: CallRecord): void {
  const b = body as Body;
  if (!b || typeof b !== 'object') return;
  if (b.usage) record.usage = anthropicUsage(b.usage);
  if (typeof b.model === 'string') record.responseModel = b.model;
  record.finishReason = anthropicFinishReason(b.stop_reason) ?? record.finishReason;
  if (typeof b.usage?.service_tier === 'string') record.serviceTier = b.usage.service_tier;
  if (typeof b._request_id === 'string') record.requestId = b._request_id;
}

/** `messages.countTokens` bills nothing: usage stays null, only the id is kept. */
function observeCount(body: unknown, record: CallRecord): void {
  const id = (body as Body | undefined)?._request_id;
  if (typeof id === 'string') record.requestId = id;
}

const passItem = (): boolean => true;
const countObservers: ResponseObservers = { body: observeCount, streamItem: passItem };
const messageObservers: ResponseObservers = { body: observeMessage, streamItem: passItem };

/**
 * Observers for one call: shared by every call but a stream's. A stream needs
 * its own state: the usage of `message_start`, overwritten field by field by
 * `message_delta`, so it is built per call; the event always has the usage
 * seen so far, even when the app leaves the stream early.
 */
export function anthropicObservers(operation: AnthropicOperation, stream: boolean): ResponseObservers {
  if (operation === 'messages.countTokens') return countObservers;
  if (!stream) return messageObservers;
  let usage: Record<string, unknown> | undefined;
  const streamItem = (item: unknown, record: CallRecord): boolean => {
    const event = item as Body;
    switch (event?.type) {
      case 'message_start': {
        const message = event.message as Body | undefined;
        usage = mergeAnthropicStreamUsage(undefined, message?.usage);
        record.usage = anthropicUsage(usage);
        if (typeof message?.model === 'string') record.responseModel = message.model;
        if (typeof message?.usage?.service_tier === 'string') record.serviceTier = message.usage.service_tier;
        break;
      }
      case 'content_block_start':
        // A fallback block names the model that produces the rest of the message (SDK 1.x).
        if (event.content_block?.type === 'fallback' && typeof event.content_block.to?.model === 'string') {
          record.responseModel = event.content_block.to.model;
        }
        break;
      case 'content_block_delta':
        record.markFirstToken();
        break;
      case 'message_delta':
        usage = mergeAnthropicStreamUsage(usage, event.usage);
        record.usage = anthropicUsage(usage);
        record.finishReason = anthropicFinishReason(event.delta?.stop_reason) ?? record.finishReason;
        break;
    }
    return true;
  };
  return { body: observeMessage, streamItem };
}
