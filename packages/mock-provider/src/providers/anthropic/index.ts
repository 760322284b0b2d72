/** The Anthropic route: /v1/messages and /v1/messages/count_tokens (also with the SDK's `?beta=true`), and error bodies. */
import type { Route } from '../../route.js';
import { messages } from './messages.js';
import { promptTokens } from './prompt.js';
import { anthropicHeaders } from './headers.js';

// error.type by status, as the API names them.
const ERROR_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'This request would exceed the rate limit for your organization. Please try again later.'],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timed out'],
  529: ['overloaded_error', 'Overloaded'],
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
  handle(request, operation, context) {
    if (operation === 'messages') return messages(request, context);
    return { status: 200, headers: anthropicHeaders(), json: { value: { input_tokens: promptTokens(request.body) }, usage: [] } };
  },
  error(status, message, fault) {
    const [type, text] = ERROR_TYPES[status] ?? ['api_error', 'Internal server error'];
    const headers = anthropicHeaders();
    if (fault?.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    if (fault?.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    const value = { type: 'error', error: { type, message: message ?? text }, request_id: headers['request-id'] };
    return { status, headers, json: { value, usage: [] } };
  },
  usageOf: (payload) => payload?.usage ?? payload?.message?.usage ?? undefined,
};
