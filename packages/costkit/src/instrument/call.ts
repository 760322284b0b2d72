import type { PreparedCall } from '../call-hooks.js';
import type { CallRecord, CallSpec } from '../recorder.js';
import type { ProviderAdapter, RequestEdits } from '../providers/adapter.js';
import { activeRuntime, type Runtime } from '../runtime.js';
import { reportInternalError } from '../diagnostics.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** How one instrumented method call is described and observed. */
export interface MethodPlan {
  spec: CallSpec;
  adapter: ProviderAdapter;
  /** Edits the adapter itself makes to every such request (asking for stream usage). */
  edits?: RequestEdits;
  /** Attaches observers to what the SDK method returned; must not await or alter it. */
  observe(result: unknown, record: CallRecord): void;
}

export type Planner<P extends MethodPlan> = (args: readonly unknown[], thisArg: unknown, runtime: Runtime) => P | undefined;

/** Runs the SDK method for a prepared call: the SDK family decides how edits, admission and refusals reach the request. */
export type Sender<P extends MethodPlan> = (original: Method, thisArg: unknown, args: unknown[], prepared: PreparedCall, plan: P) => unknown;

/**
 * The body of every patched SDK method. On the caller's path it only snapshots
 * tags, runs the guards (and starts admission) and starts the clock; then the
 * SDK's own method runs with the same `this` and arguments and its own return
 * value goes back unchanged. A costkit failure here is reported and the call
 * goes on uninstrumented; only a refusal on purpose (a CostkitError) stops it.
 */
export function callInstrumented<P extends MethodPlan>(original: Method, thisArg: unknown, args: unknown[], planner: Planner<P>, send: Sender<P>): unknown {
  const runtime = activeRuntime();
  if (!runtime) return original.apply(thisArg, args);

  let plan: P | undefined;
  let prepared: PreparedCall;
  try {
    plan = planner(args, thisArg, runtime);
    if (!plan) return original.apply(thisArg, args);
    prepared = runtime.startCall({ spec: plan.spec, adapter: plan.adapter, edits: plan.edits, params: args[0], target: thisArg, requestOptions: args[1] });
  } catch (error) {
    reportInternalError('call start', error);
    return original.apply(thisArg, args);
  }

  let result: unknown;
  try {
    result = send(original, thisArg, args, prepared, plan);
  } catch (error) {
    // The SDK refused before sending: its own error, unchanged, and an event that says so.
    prepared.record.fail(error);
    throw error;
  }
  if (prepared.refusal === undefined) {
    try {
      plan.observe(result, prepared.record);
    } catch (error) {
      reportInternalError('call observe', error);
    }
  }
  return result;
}

/** A plan for SDKs whose methods return plain promises: edits are applied to the call's arguments. */
export interface EntryPlan extends MethodPlan {
  /**
   * The method's `this` and arguments for this call with `edits` applied
   * (copies: what the app passed is never touched), or undefined to send them
   * as the app passed them.
   */
  callArgs(thisArg: unknown, args: unknown[], edits: RequestEdits | undefined, record: CallRecord): [thisArg: unknown, args: unknown[]] | undefined;
}

/**
 * Sends a call of an SDK that returns plain promises (both Google SDKs): a
 * refusal is a rejected promise, and a pending admission delays the SDK's own
 * method until it answers, so nothing is sent before.
 */
export function sendAtEntry(original: Method, thisArg: unknown, args: unknown[], prepared: PreparedCall, plan: EntryPlan): unknown {
  if (prepared.refusal !== undefined) return Promise.reject(prepared.refusal);
  const run = () => {
    const call = plan.callArgs(thisArg, args, prepared.edits, prepared.record);
    return call ? original.apply(call[0], call[1]) : original.apply(thisArg, args);
  };
  return prepared.admission ? prepared.admission.then(run) : run();
}
