import { wrapMethod } from '../../instrument/wrap.js';
import { currentCall } from '../../instrument/call-context.js';

/**
 * The OpenAI and Anthropic SDKs retry inside one method call, so a method
 * wrapper sees one call. Every attempt goes through the client's
 * `fetchWithTimeout` (on the base client's prototype since SDK 4.x / 0.x), which
 * is where attempts and each response's request id are visible.
 */
export function patchStainlessTransport(client: object, requestIdHeader: string): boolean {
  const holder = findOwner(client, 'fetchWithTimeout');
  if (!holder) return false;
  return wrapMethod(holder, 'fetchWithTimeout', (original) =>
    async function fetchWithTimeout(this: unknown, ...args: unknown[]) {
      const record = currentCall();
      if (!record) return original.apply(this, args);
      record.attempts++;
      const response = (await original.apply(this, args)) as Response | undefined;
      const id = response?.headers?.get?.(requestIdHeader);
      if (id) record.requestId = id;
      return response;
    },
  );
}

/** The object on the prototype chain that owns `name`, so one patch covers every client. */
export function findOwner(object: object, name: string): object | undefined {
  for (let proto: object | null = Object.getPrototypeOf(object); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) return proto;
  }
  return undefined;
}
