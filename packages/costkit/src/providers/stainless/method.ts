import type { PreparedCall } from '../../call-hooks.js';
import type { Provider } from '../ids.js';
import { callInstrumented, type MethodPlan, type Planner } from '../../instrument/call.js';
import { wrapMethod } from '../../instrument/wrap.js';
import { sendThroughTransport, type TransportCall } from './transport.js';

/** A plan for an OpenAI or Anthropic resource method. */
export interface StainlessPlan extends MethodPlan {
  /** Which top-level body fields this operation's edits set. */
  bodyFields?: TransportCall['bodyFields'];
}

/** A resource method to wrap: where it is on a client, its name, and its planner. */
export type ResourceMethod = readonly [path: readonly string[], method: string, planner: Planner<StainlessPlan>];

/**
 * Wraps each resource method on its class's prototype (reached through one
 * client, so every client of that copy of the SDK is covered, made before
 * `init()` or after). Returns how many methods were wrapped.
 */
export function wrapResourceMethods(owner: Provider, client: object, methods: readonly ResourceMethod[]): number {
  let patched = 0;
  for (const [path, name, planner] of methods) {
    const resource = path.reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, client as Record<string, unknown>);
    if (!resource || typeof resource !== 'object') continue;
    const wrapped = wrapMethod(owner, Object.getPrototypeOf(resource), name, (original) =>
      function (this: unknown, ...args: unknown[]) {
        return callInstrumented(original, this, args, planner, send);
      },
    );
    if (wrapped) patched++;
  }
  return patched;
}

function send(original: (this: unknown, ...args: unknown[]) => unknown, thisArg: unknown, args: unknown[], prepared: PreparedCall, plan: StainlessPlan): unknown {
  const call: TransportCall = { prepared, bodyFields: plan.bodyFields, admitted: false };
  return sendThroughTransport(original, thisArg, args, call);
}
