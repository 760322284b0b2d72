/** Canned responses (recorded fixtures) queued by enqueue(), and how each becomes a Reply. */
import type { CannedResponse, PathMatcher } from './types.js';
import type { Reply, Route } from './route.js';
import { matches } from './faults.js';
import { eventData, splitEvents } from './sse.js';

export class CannedQueue {
  #queue: { response: CannedResponse; path: PathMatcher | undefined }[] = [];

  add(response: CannedResponse, path: PathMatcher | undefined): void {
    const kinds = [response.json, response.sse, response.body].filter((k) => k !== undefined).length;
    if (kinds > 1) throw new TypeError('mock provider: a canned response has one of json, sse or body, not several');
    this.#queue.push({ response, path });
  }

  has(path: string): boolean {
    return this.#queue.some((entry) => matches(entry.path, path));
  }

  take(path: string): CannedResponse | undefined {
    const index = this.#queue.findIndex((entry) => matches(entry.path, path));
    return index < 0 ? undefined : this.#queue.splice(index, 1)[0]!.response;
  }

  clear(): void {
    this.#queue = [];
  }
}

/**
 * The response goes out byte for byte; the usage blocks it carries are read with
 * the provider's rules so the exchange records them as for a generated answer.
 * SSE text is split into its events so truncateStream can cut a replay too.
 */
export function cannedReply(response: CannedResponse, route: Route): Reply {
  const status = response.status ?? 200;
  if (response.body !== undefined) {
    return { status, headers: { 'content-type': 'text/plain', ...response.headers }, raw: { text: response.body, usage: rawUsage(response.body, route) } };
  }
  if (response.sse !== undefined) {
    const events = splitEvents(response.sse).map((text) => {
      const usage = route.usageOf(eventData(text));
      return usage === undefined || usage === null ? { text } : { text, usage };
    });
    return { status, headers: { 'content-type': 'text/event-stream', ...response.headers }, events };
  }
  // A JSON array is a streamed Gemini answer without alt=sse: each element carries its own usage.
  const elements = Array.isArray(response.json) ? response.json : [response.json];
  const usage = elements.map((element) => route.usageOf(element)).filter((u) => u !== undefined && u !== null);
  return { status, headers: { 'content-type': 'application/json', ...response.headers }, json: { value: response.json, usage } };
}

/** A raw body that happens to be JSON still records its usage; anything else carries none. */
function rawUsage(text: string, route: Route): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const usage = route.usageOf(parsed);
  return usage === undefined || usage === null ? [] : [usage];
}
