import type { CallError } from '../event.js';

// Provider error messages sometimes echo a (partly masked) key; costkit never
// writes one anywhere, so anything key-shaped is cut before it reaches an event.
const KEY_PATTERNS = [/\b(sk|pk|rk)-[A-Za-z0-9_*.-]{6,}/g, /\bsk-ant-[A-Za-z0-9_*.-]+/g, /\bAIza[0-9A-Za-z_-]{10,}/g, /\bBearer\s+[A-Za-z0-9._~+/*=-]+/gi];
const MAX_MESSAGE = 500;

/** `text` with anything key-shaped cut out, whole (for stderr, where a stack trace must stay readable). */
export function redactKeys(text: string): string {
  let out = text;
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

/** `text` redacted and cut to a message's length (events, errors costkit creates). */
export function redactSecrets(text: string): string {
  const out = redactKeys(text);
  return out.length > MAX_MESSAGE ? out.slice(0, MAX_MESSAGE) + '…' : out;
}

/** The event's view of an error: its class, HTTP status and a redacted message. */
export function describeError(error: unknown): CallError {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    const type = error.constructor?.name && error.constructor.name !== 'Error' ? error.constructor.name : error.name;
    return { type, status: typeof status === 'number' ? status : null, message: redactSecrets(error.message) };
  }
  return { type: typeof error, status: null, message: redactSecrets(String(error)) };
}
