/**
 * The Gemini route, as both SDKs call it with a custom base URL:
 * `${url}/v1beta/models/{model}:{method}` (v1 and v1alpha too), plus
 * `${url}/v1beta/cachedContents`. Error bodies are google.rpc.Status.
 */
import type { Route } from '../../route.js';
import { generate } from './generate.js';
import { embed } from './embed.js';
import { promptTokens } from './prompt.js';
import { cacheByName, createCache } from './caches.js';
import { googleHeaders } from './headers.js';

const MODEL_PATH = /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents|countTokens)$/;
const CACHES_PATH = /^\/(?:v1beta|v1|v1alpha)\/cachedContents$/;
const CACHE_PATH = /^\/(?:v1beta|v1|v1alpha)\/(cachedContents\/[^/:]+)$/;

// [status, message] as the API sends them for each HTTP status.
const STATUS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission.'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  500: ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'The request timed out. Please try again.'],
};

export const googleRoute: Route = {
  provider: 'google',
  match(method, path) {
    if (method === 'POST') {
      const m = MODEL_PATH.exec(path);
      if (m) return m[2];
      if (CACHES_PATH.test(path)) return 'cachedContents.create';
    }
    if ((method === 'GET' || method === 'DELETE') && CACHE_PATH.test(path)) return method === 'GET' ? 'cachedContents.get' : 'cachedContents.delete';
    return undefined;
  },
  isStream: (_request, operation) => operation === 'streamGenerateContent',
  handle(request, operation, context) {
    const model = MODEL_PATH.exec(request.path)?.[1] ?? 'unknown';
    switch (operation) {
      case 'generateContent':
      case 'streamGenerateContent':
        return generate(request, operation, context, model);
      case 'countTokens': {
        // @google/generative-ai wraps the request in generateContentRequest; @google/genai sends it bare.
        const total = promptTokens(request.body.generateContentRequest ?? request.body);
        return { status: 200, headers: googleHeaders(), json: { value: { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] }, usage: [] } };
      }
      case 'cachedContents.create':
        return createCache(request, context);
      case 'cachedContents.get':
      case 'cachedContents.delete':
        return cacheByName(request, context, CACHE_PATH.exec(request.path)![1]!);
      default:
        return embed(request, operation);
    }
  },
  error(status, message, fault) {
    const [code, text] = STATUS[status] ?? ['UNKNOWN', 'Unknown error.'];
    // Gemini says when to retry in the body (google.rpc.RetryInfo), not in a Retry-After header.
    const delay = fault?.retryAfterMs !== undefined ? fault.retryAfterMs / 1000 : fault?.retryAfterSeconds;
    const details = delay !== undefined ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${delay}s` }] } : {};
    return { status, headers: googleHeaders(), json: { value: { error: { code: status, message: message ?? text, status: code, ...details } }, usage: [] } };
  },
  usageOf: (payload) => payload?.usageMetadata ?? undefined,
};
