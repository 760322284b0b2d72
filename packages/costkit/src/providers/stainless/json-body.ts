/**
 * Edits top-level fields of a JSON object's text, leaving every other byte as
 * the SDK serialized it. costkit changes what goes on the wire (a capped
 * `max_tokens`, a degraded `model`, `stream_options`) without handing the SDK
 * a copy of the app's request: the SDKs key their own bookkeeping on the
 * request object itself (openai 7.x observes the serialization of the very
 * body object the app passed), so the object must stay the app's.
 */

type Span = [start: number, end: number];

/**
 * `text` with each of `fields` set (replaced where the key exists at the top
 * level, added first otherwise), or undefined when `text` is not a JSON object.
 * `source`, when given, is the object `text` was serialized from: a key it
 * does not hold (or holds as undefined, which JSON omits) is not in the text's
 * top level, so it is added without reading the text at all.
 */
export function setJsonFields(text: string, fields: Record<string, unknown>, source?: Record<string, unknown>): string | undefined {
  // The members to add, as one string: one or two per call, and an array of them cost a backing store each time.
  let added = '';
  let replaced: Array<[key: string, json: string]> | undefined;
  for (const key in fields) {
    const json = JSON.stringify(fields[key]);
    const quoted = JSON.stringify(key);
    // The common case is a cap or stream_options the app did not set. Without a
    // source, a key whose name appears nowhere in the text is surely not at its
    // top level either (one search, no parse); only a key that may exist needs the scan.
    const absent = source ? source[key] === undefined : text.indexOf(quoted) === -1;
    if (absent) added = member(added, quoted, json);
    else (replaced ??= []).push([key, json]);
  }
  let out = text;
  let empty: boolean;
  if (replaced) {
    const spans = topLevelValues(text);
    if (!spans) return undefined;
    empty = spans.size === 0;
    const edits: Array<[Span, string]> = [];
    for (const [key, json] of replaced) {
      const span = spans.get(key);
      if (span) edits.push([span, json]);
      else added = member(added, JSON.stringify(key), json);
    }
    // Replace from the end so earlier spans keep their offsets.
    edits.sort((a, b) => b[0][0] - a[0][0]);
    for (const [[start, end], json] of edits) out = out.slice(0, start) + json + out.slice(end);
  } else {
    const open = skipSpace(text, 0);
    if (text.charCodeAt(open) !== 123 /* { */) return undefined;
    empty = text.charCodeAt(skipSpace(text, open + 1)) === 125 /* } */;
  }
  if (added === '') return out;
  const open = out.indexOf('{');
  return `${out.slice(0, open + 1)}${added}${empty ? '' : ','}${out.slice(open + 1)}`;
}

/** `members` with `"key":value` appended, comma-separated. */
function member(members: string, quotedKey: string, json: string): string {
  return members === '' ? `${quotedKey}:${json}` : `${members},${quotedKey}:${json}`;
}

/**
 * Where each top-level key's value starts and ends. A single pass over the
 * text that only tracks strings and nesting depth: values are never parsed.
 */
function topLevelValues(text: string): Map<string, Span> | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 123 /* { */) return undefined;
  const spans = new Map<string, Span>();
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === 125 /* } */) return spans;
  for (;;) {
    if (text.charCodeAt(i) !== 34 /* " */) return undefined;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return undefined;
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 58 /* : */) return undefined;
    const start = skipSpace(text, i + 1);
    const end = endOfValue(text, start);
    if (end <= start) return undefined;
    spans.set(key, [start, end]);
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) return spans;
    if (c !== 44 /* , */) return undefined;
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  return i;
}

/** Index just past the string starting at `i` (a `"`). */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** Index just past the value starting at `i`. */
function endOfValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return endOfString(text, i);
  if (c !== 123 && c !== 91 /* [ */) {
    let j = i;
    for (let d = text.charCodeAt(j); j < text.length && d !== 44 && d !== 125 && d !== 93 && d !== 32 && d !== 10 && d !== 13 && d !== 9; d = text.charCodeAt(++j));
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 34) {
      j = endOfString(text, j) - 1;
      if (j < 0) return -1;
    } else if (d === 123 || d === 91) depth++;
    else if (d === 125 || d === 93) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}
