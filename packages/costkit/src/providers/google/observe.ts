import type { CallRecord } from '../../recorder.js';
import { googleEmbeddingUsage, googleFinishReason, googleUsage, normalizeGoogleModel } from './usage.js';

type Body = Record<string, any>;

export type GoogleOperation = 'generateContent' | 'embedContent' | 'countTokens';

/**
 * A GenerateContentResponse, whole or one streamed chunk (both SDKs give the
 * REST shape). Stream chunks carry cumulative `usageMetadata`, so each one
 * replaces the last: the final chunk's is the call's usage, never a sum.
 * Gemini sends no request id header; `responseId` identifies the response.
 */
export function observeGenerateContent(body: unknown, record: CallRecord): void {
  const b = body as Body;
  if (!b || typeof b !== 'object') return;
  if (b.usageMetadata) record.reportUsage(b.usageMetadata, googleUsage);
  // Every stream chunk repeats the model version: normalized (a regex) only when it changes.
  const version = b.modelVersion;
  if (typeof version === 'string' && version && (record.responseModel === null || !version.endsWith(record.responseModel))) {
    record.responseModel = normalizeGoogleModel(version);
  }
  if (typeof b.responseId === 'string' && b.responseId) record.requestId = b.responseId;
  const candidate = Array.isArray(b.candidates) ? b.candidates[0] : undefined;
  const reason = googleFinishReason(candidate?.finishReason) ?? googleFinishReason(b.promptFeedback?.blockReason);
  if (reason) record.finishReason = reason;
}

/** A streamed chunk: as a whole response, and the first content is the first token. */
export function observeGenerateContentChunk(chunk: unknown, record: CallRecord): boolean {
  const parts = (chunk as Body | undefined)?.candidates?.[0]?.content?.parts;
  if (Array.isArray(parts) && parts.length > 0) record.markFirstToken();
  observeGenerateContent(chunk, record);
  return true;
}

export function observeEmbedding(body: unknown, record: CallRecord): void {
  record.usage = googleEmbeddingUsage(body);
}

/** countTokens bills nothing: the event's usage and cost stay null. */
export function observeCount(_body: unknown, _record: CallRecord): void {}

export function bodyObserver(operation: GoogleOperation): (body: unknown, record: CallRecord) => void {
  if (operation === 'embedContent') return observeEmbedding;
  if (operation === 'countTokens') return observeCount;
  return observeGenerateContent;
}
