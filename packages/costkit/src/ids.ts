import type crypto from 'node:crypto';
import { nodeBuiltin } from './node-builtin.js';

// `crypto.randomUUID()` joins 20 pieces into a rope of ~13 cons strings; every
// event keeps its id until the exporter has it, so those ropes survive young-
// generation collections and are copied, then flattened again to serialize.
// One `String.fromCharCode` over the 36 character codes is a single flat
// string, from the same pooled cryptographic randomness Node's own uses.
const IDS_PER_FILL = 128;
const pool = Buffer.allocUnsafe(16 * IDS_PER_FILL);
let nextId = IDS_PER_FILL;

const DIGITS = '0123456789abcdef';
const HIGH = new Uint8Array(256);
const LOW = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  HIGH[byte] = DIGITS.charCodeAt(byte >> 4);
  LOW[byte] = DIGITS.charCodeAt(byte & 15);
}
const DASH = 45;
/** node:crypto (~5 ms to load on Node 24) is loaded by the first id, which the first event makes after its call returned. */
let randomFillSync: typeof crypto.randomFillSync | undefined;

/** A random RFC 9562 version-4 UUID, lowercase, as `crypto.randomUUID()` returns it. */
export function newId(): string {
  if (nextId === IDS_PER_FILL) {
    (randomFillSync ??= nodeBuiltin<typeof crypto>('node:crypto').randomFillSync)(pool);
    nextId = 0;
  }
  const b = pool;
  const o = nextId++ * 16;
  const version = (b[o + 6]! & 0x0f) | 0x40;
  const variant = (b[o + 8]! & 0x3f) | 0x80;
  return String.fromCharCode(
    HIGH[b[o]!]!, LOW[b[o]!]!, HIGH[b[o + 1]!]!, LOW[b[o + 1]!]!, HIGH[b[o + 2]!]!, LOW[b[o + 2]!]!, HIGH[b[o + 3]!]!, LOW[b[o + 3]!]!, DASH,
    HIGH[b[o + 4]!]!, LOW[b[o + 4]!]!, HIGH[b[o + 5]!]!, LOW[b[o + 5]!]!, DASH,
    HIGH[version]!, LOW[version]!, HIGH[b[o + 7]!]!, LOW[b[o + 7]!]!, DASH,
    HIGH[variant]!, LOW[variant]!, HIGH[b[o + 9]!]!, LOW[b[o + 9]!]!, DASH,
    HIGH[b[o + 10]!]!, LOW[b[o + 10]!]!, HIGH[b[o + 11]!]!, LOW[b[o + 11]!]!, HIGH[b[o + 12]!]!, LOW[b[o + 12]!]!,
    HIGH[b[o + 13]!]!, LOW[b[o + 13]!]!, HIGH[b[o + 14]!]!, LOW[b[o + 14]!]!, HIGH[b[o + 15]!]!, LOW[b[o + 15]!]!,
  );
}
