/** usageMetadata as the Gemini API sends it: zero counts are omitted, promptTokenCount includes cached tokens. */

export interface GeminiCounts {
  /** The whole prompt, cached part included. */
  prompt: number;
  cached: number;
  candidates: number;
  thoughts: number;
  toolUsePrompt: number;
}

const text = (tokenCount: number) => [{ modality: 'TEXT', tokenCount }];

export function usageMetadata(c: GeminiCounts) {
  return {
    promptTokenCount: c.prompt,
    ...(c.candidates > 0 ? { candidatesTokenCount: c.candidates } : {}),
    totalTokenCount: c.prompt + c.candidates + c.thoughts + c.toolUsePrompt,
    ...(c.cached > 0 ? { cachedContentTokenCount: c.cached } : {}),
    promptTokensDetails: text(c.prompt),
    ...(c.cached > 0 ? { cacheTokensDetails: text(c.cached) } : {}),
    ...(c.candidates > 0 ? { candidatesTokensDetails: text(c.candidates) } : {}),
    ...(c.toolUsePrompt > 0 ? { toolUsePromptTokenCount: c.toolUsePrompt, toolUsePromptTokensDetails: text(c.toolUsePrompt) } : {}),
    ...(c.thoughts > 0 ? { thoughtsTokenCount: c.thoughts } : {}),
  };
}
