import type { Runtime } from '../runtime.js';

/** Registers the guards configured in `init({ guard })` on a new runtime. */
export function installGuards(_runtime: Runtime): void {
  // Guards arrive with issue 5; the hook points (runtime.beforeCall/afterCall) exist.
}
