import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import costkit from '../../src/index.js';
import { onCallStart } from '../../src/exporters/index.js';
import { useHarness } from '../helpers/harness.js';
import { exposeGc } from '../helpers/gc.js';

// The SDK keeps its own per-call objects reachable for a while after a call
// (long enough to outlive young-generation collections): the options object
// costkit binds the call to, and the APIPromise costkit observes. A finished
// call must not stay alive with them, or every call's record is copied and
// promoted by the GC.
const h = useHarness({ init: false });
const PROBE = Symbol('probe');
let removeHook: (() => void) | undefined;

afterEach(() => removeHook?.());

/** Makes `calls` calls while holding each one's SDK options object and APIPromise, and returns how many of their records are still alive after GC. */
async function recordsAliveWhileSdkHoldsItsObjects(call: () => { responsePromise: Promise<{ options: object }> } & PromiseLike<unknown>, calls: number): Promise<number> {
  // Events are dropped on export: only the record could keep its probe.
  await costkit.init({ exporters: [{ export: async () => {} }] });
  const probes: WeakRef<object>[] = [];
  removeHook = onCallStart((start) => {
    const probe = {};
    probes.push(new WeakRef(probe));
    start.attach(PROBE, probe);
  });
  const held: object[] = [];
  for (let i = 0; i < calls; i++) held.push(await callKeepingSdkObjects(call));
  await costkit.flush();
  const gc = exposeGc();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  expect(held).toHaveLength(calls);
  return probes.filter((probe) => probe.deref() !== undefined).length;
}

/** One call, awaited as an app would; returns its APIPromise and the SDK's options object for it (in its own frame, which ends here). */
async function callKeepingSdkObjects(call: () => { responsePromise: Promise<{ options: object }> } & PromiseLike<unknown>): Promise<object[]> {
  const promise = call();
  const { options } = await promise.responsePromise;
  await promise;
  return [promise, options];
}

describe('a finished call, while the SDK holds its options object and APIPromise', () => {
  it('is released once the OpenAI response is in', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1` });
    const call = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) as never;
    expect(await recordsAliveWhileSdkHoldsItsObjects(call, 20)).toBe(0);
  });

  it('is released once the Anthropic response is in', async () => {
    const client = new Anthropic({ apiKey: 'k', baseURL: h.mock.url });
    const call = () => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }) as never;
    expect(await recordsAliveWhileSdkHoldsItsObjects(call, 20)).toBe(0);
  });
});
