// Server-sent-event bodies for the canned providers. A short stream is one
// string (the SDK still parses it event by event); a long one is produced lazily,
// a batch of events per pull, so the canned body itself holds no memory and the
// memory bench measures the SDK and its instrumentation, not the fixture.
const encoder = new TextEncoder();
const EVENTS_PER_PULL = 64;

/** `count` events, `eventAt(i)` giving the i-th frame (already `data: …\n\n`-framed). */
export function sseBody(count, eventAt, { lazyAbove = 1_000 } = {}) {
  if (count <= lazyAbove) {
    let text = '';
    for (let i = 0; i < count; i++) text += eventAt(i);
    return text;
  }
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      let text = '';
      const end = Math.min(count, next + EVENTS_PER_PULL);
      for (; next < end; next++) text += eventAt(next);
      controller.enqueue(encoder.encode(text));
      if (next >= count) controller.close();
    },
  });
}

export const dataFrame = (json) => `data: ${JSON.stringify(json)}\n\n`;
export const namedFrame = (event, json) => `event: ${event}\ndata: ${JSON.stringify(json)}\n\n`;
