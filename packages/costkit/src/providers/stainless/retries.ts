import type { SdkCall, SdkRetries } from '../adapter.js';

type Obj = Record<string, unknown>;

/** The SDKs' own default when neither the client nor the request sets one. */
const DEFAULT_RETRIES = 2;

/**
 * openai / @anthropic-ai/sdk retry `options.maxRetries ?? client.maxRetries`
 * times; the transport caps it on the SDK's own request options (transport.ts).
 */
export function stainlessRetries(call: SdkCall): SdkRetries | undefined {
  const client = (call.target as Obj | undefined)?._client as Obj | undefined;
  const options = call.requestOptions as Obj | undefined | null;
  const perRequest = typeof options?.maxRetries === 'number' ? options.maxRetries : undefined;
  const requested = perRequest ?? (typeof client?.maxRetries === 'number' ? client.maxRetries : DEFAULT_RETRIES);
  return {
    requested,
    where: perRequest !== undefined ? 'request option maxRetries' : 'client maxRetries',
    owner: client ?? (call.target as object),
  };
}
