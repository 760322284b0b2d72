/** Ids in each provider's style. Random: two identical requests still get distinct ids, as from the real APIs. */
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const hexId = (prefix: string, bytes = 16) => prefix + randomBytes(bytes).toString('hex');

export function alnumId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ALNUM[byte % ALNUM.length];
  return id;
}

/** Gemini's responseId: 22 base64url characters. */
export const googleResponseId = () => randomBytes(16).toString('base64url').slice(0, 22);
