export { startMockProvider } from './server.js';
export type { CannedResponse, Exchange, Fault, MockProvider, MockProviderOptions, PathMatcher, ProviderName } from './types.js';
export { parseSse } from './sse.js';
export { textTokens } from './tokens.js';
