/** Server-sent events: writing one event, and reading raw SSE text back (canned replays, tests). */

/**
 * One event. `event:` only where the format names its events (Anthropic, the
 * Responses API). Gemini ends its events with CRLF CRLF, the others with LF LF.
 */
export function frame(data: unknown, options: { event?: string; crlf?: boolean } = {}): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  const eol = options.crlf ? '\r\n' : '\n';
  return `${options.event ? `event: ${options.event}${eol}` : ''}data: ${payload}${eol}${eol}`;
}

/** Splits raw SSE text into its events, each with its own terminator, byte for byte (joined they are the input). */
export function splitEvents(text: string): string[] {
  const events: string[] = [];
  const boundary = /\r\n\r\n|\n\n|\r\r/g;
  let start = 0;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const end = m.index + m[0].length;
    events.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) events.push(text.slice(start));
  return events;
}

/** The JSON `data:` payload of one event; undefined for `[DONE]`, comments and non-JSON data. */
export function eventData(event: string): unknown | undefined {
  const data = event
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
    .join('\n');
  if (!data || data === '[DONE]') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** Every JSON `data:` payload in raw SSE text, in order. */
export function parseSse(text: string): unknown[] {
  return splitEvents(text)
    .map(eventData)
    .filter((data) => data !== undefined);
}
