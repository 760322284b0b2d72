// The providers' side of every bench: canned answers, in process, so what is
// measured is the SDK and its instrumentation, never a network. One fetch serves
// all three wire formats, routed by path as the real hosts would.
import { openaiResponse } from './openai.mjs';
import { anthropicResponse } from './anthropic.mjs';
import { googleResponse } from './google.mjs';

/** A fetch whose streams carry `chunks` content chunks; `served` counts requests answered. */
export function createCannedFetch({ chunks = 50 } = {}) {
  const canned = async function cannedFetch(input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    canned.served++;
    if (url.includes('/chat/completions')) return openaiResponse(JSON.parse(init.body), canned.chunks);
    if (url.includes('/v1/messages')) return anthropicResponse(JSON.parse(init.body), canned.chunks);
    if (url.includes(':generateContent') || url.includes(':streamGenerateContent')) return googleResponse(url, canned.chunks);
    throw new Error(`canned fetch: no canned answer for ${url}`);
  };
  canned.served = 0;
  canned.chunks = chunks;
  return canned;
}
