/** Gemini's response headers: the API sends no request id, only the content type. */
export function googleHeaders(options: { stream?: boolean } = {}): Record<string, string> {
  return { 'content-type': options.stream ? 'text/event-stream' : 'application/json; charset=UTF-8' };
}
