import type { CallRecord, CallSpec } from '../recorder.js';
import { activeRuntime, type Runtime } from '../runtime.js';
import { CostkitError } from '../errors.js';
import { reportInternalError } from '../diagnostics.js';
import { runInCall } from './call-context.js';

/** How one instrumented method call is described, prepared and observed. */
export interface CallPlan {
  spec: CallSpec;
  /** Last rewrite of the request before it is sent (after the guards), e.g. asking for stream usage. */
  prepare?(params: unknown): unknown;
  /** Attaches observers to what the SDK method returned; must not await or alter it. */
  observe(result: unknown, record: CallRecord): void;
  /**
   * Hands the record to the SDK's transport through the call's own arguments.
   * Without it the call runs in an AsyncLocalStorage context (`currentCall()`),
   * which costs every promise on the path a hook on Node 20.
   */
  bindRecord?(args: unknown[], record: CallRecord): unknown[];
}

export type Planner = (params: unknown, runtime: Runtime, args: readonly unknown[]) => CallPlan | undefined;

/**
 * The body of every patched SDK method. On the caller's path it only snapshots
 * tags, runs the guards and starts the clock; then the SDK's own method runs with
 * the same `this` and arguments and its own return value goes back unchanged. A
 * costkit failure here is reported and the call goes on uninstrumented; only a
 * CostkitError (a guard refusing on purpose) stops the call.
 */
export function callInstrumented(original: (...args: unknown[]) => unknown, thisArg: unknown, args: unknown[], planner: Planner): unknown {
  const runtime = activeRuntime();
  if (!runtime) return original.apply(thisArg, args);

  let plan: CallPlan | undefined;
  let record: CallRecord;
  let callArgs = args;
  try {
    plan = planner(args[0], runtime, args);
    if (!plan) return original.apply(thisArg, args);
    const started = runtime.startCall(plan.spec, args[0], thisArg, args[1]);
    record = started.record;
    const params = plan.prepare ? plan.prepare(started.params) : started.params;
    if (params !== args[0] || started.requestOptions !== args[1]) {
      callArgs = args.slice();
      callArgs[0] = params;
      // A guard replaced the request options (the SDK's own retries capped).
      if (started.requestOptions !== args[1]) callArgs[1] = started.requestOptions;
    }
  } catch (error) {
    if (error instanceof CostkitError) return Promise.reject(error);
    reportInternalError('call start', error);
    return original.apply(thisArg, args);
  }

  let result: unknown;
  try {
    if (plan.bindRecord) {
      const bound = plan.bindRecord(callArgs, record);
      result = original.apply(thisArg, bound);
    } else {
      result = runInCall(record, () => original.apply(thisArg, callArgs));
    }
  } catch (error) {
    // The SDK refused before sending: its own error, unchanged, and an event that says so.
    record.finish('error', error);
    throw error;
  }
  try {
    plan.observe(result, record);
  } catch (error) {
    reportInternalError('call observe', error);
  }
  return result;
}
