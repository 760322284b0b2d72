/** A Gemini prompt's tokens: contents turns, the system instruction and tool declarations, by the mock's rule. */
import { REQUEST_OVERHEAD, jsonTokens, messageTokens } from '../../tokens.js';

export function promptTokens(body: any): number {
  const contents: unknown[] = Array.isArray(body?.contents) ? body.contents : body?.contents ? [body.contents] : [];
  return (
    REQUEST_OVERHEAD +
    contents.reduce((sum: number, turn) => sum + messageTokens(turn), 0) +
    (body?.systemInstruction ? messageTokens(body.systemInstruction) : 0) +
    jsonTokens(body?.tools)
  );
}
