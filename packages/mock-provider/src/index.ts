export { startMockProvider, type MockProvider, type MockProviderOptions } from './server.js';
export type { CannedResponse, Exchange, Fault, ProviderName } from './types.js';
export { parseSse } from './sse.js';
export { textTokens } from './tokens.js';
