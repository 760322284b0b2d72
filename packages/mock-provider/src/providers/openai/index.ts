/** The OpenAI route: its paths (under the SDK's baseURL `${url}/v1`), operations and error bodies. */
import type { Route } from '../../route.js';
import { chatCompletions } from './chat.js';
import { completions } from './completions.js';
import { inputTokens, responses } from './responses.js';
import { embeddings } from './embeddings.js';
import { openaiHeaders } from './headers.js';

const OPERATIONS: Record<string, string> = {
  '/v1/chat/completions': 'chat.completions',
  '/v1/completions': 'completions',
  '/v1/responses': 'responses',
  '/v1/responses/input_tokens': 'responses.inputTokens',
  '/v1/embeddings': 'embeddings',
};

const STREAMING = new Set(['chat.completions', 'completions', 'responses']);

// [type, code, message] as the API sends them for each status.
const ERRORS: Record<number, [string, string | null, string]> = {
  400: ['invalid_request_error', null, 'Invalid request.'],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'],
  403: ['invalid_request_error', 'unsupported_country_region_territory', 'Country, region, or territory not supported.'],
  404: ['invalid_request_error', 'model_not_found', 'The model does not exist or you do not have access to it.'],
  409: ['invalid_request_error', null, 'Conflict.'],
  422: ['invalid_request_error', null, 'Unprocessable entity.'],
  429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests per min (RPM). Please try again later.'],
  500: ['server_error', null, 'The server had an error while processing your request. Sorry about that!'],
  503: ['server_error', null, 'The engine is currently overloaded, please try again later.'],
};

export const openaiRoute: Route = {
  provider: 'openai',
  match: (method, path) => (method === 'POST' ? OPERATIONS[path] : undefined),
  isStream: (request, operation) => STREAMING.has(operation) && request.body?.stream === true,
  handle(request, operation, context) {
    switch (operation) {
      case 'chat.completions':
        return chatCompletions(request, context);
      case 'completions':
        return completions(request, context);
      case 'responses':
        return responses(request, context);
      case 'responses.inputTokens':
        return inputTokens(request);
      default:
        return embeddings(request);
    }
  },
  error(status, message, fault) {
    const [type, code, text] = ERRORS[status] ?? ['server_error', null, 'The server had an error while processing your request.'];
    const headers = openaiHeaders();
    if (fault?.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    if (fault?.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    return { status, headers, json: { value: { error: { message: message ?? text, type, param: null, code } }, usage: [] } };
  },
  usageOf: (payload) => payload?.usage ?? payload?.response?.usage ?? undefined,
};
