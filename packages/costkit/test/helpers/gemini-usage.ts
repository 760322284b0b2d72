/** The contract's Gemini rule, applied by hand to the usageMetadata the server sent. */
export function expectedGeminiUsage(sent: Record<string, any>) {
  const input = (sent.promptTokenCount ?? 0) + (sent.toolUsePromptTokenCount ?? 0);
  const thoughts = sent.thoughtsTokenCount ?? 0;
  const output = (sent.candidatesTokenCount ?? 0) + thoughts;
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: sent.cachedContentTokenCount ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
    totalTokens: input + output,
  };
}
