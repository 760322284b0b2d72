// What a startup app reports once it is ready: the whole process's CPU time and
// wall time so far, and the heap after a full GC (the app runs with --expose-gc).
import { performance } from 'node:perf_hooks';

export function readyNow() {
  const cpu = process.cpuUsage();
  const wallMs = performance.now();
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, heapMB: heapUsed / 2 ** 20, rssMB: rss / 2 ** 20 };
}

/** One call after the measurement, to show the app works (and, instrumented, is recorded). */
export async function oneCall(OpenAI) {
  const { createCannedFetch } = await import('../canned/index.mjs');
  const client = new OpenAI({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9/v1', fetch: createCannedFetch(), maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
}

/** The same for an Anthropic app. */
export async function oneAnthropicCall(Anthropic) {
  const { createCannedFetch } = await import('../canned/index.mjs');
  const client = new Anthropic({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9', fetch: createCannedFetch(), maxRetries: 0 });
  await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] });
}

export function report(result) {
  process.stdout.write(`\n${JSON.stringify({ node: process.version, ...result })}\n`);
}

/** An exporter for the instrumented apps: counts the call events it is given. */
export function countingExporter() {
  const exporter = { recorded: 0, async export(events) { exporter.recorded += events.filter((e) => e.schema === 'costkit.call/1').length; } };
  return exporter;
}

/** The instrumented apps' end, once init() resolved: make the client, measure, then one call that must be recorded. */
export async function reportInstrumented(SDK, costkit, patched, exporter, call = oneCall) {
  const client = new SDK({ apiKey: 'bench' });
  void client;
  const ready = readyNow();
  await call(SDK);
  await costkit.flush();
  report({ ...ready, recorded: exporter.recorded, expected: 1, patchedBuilds: patched.map((p) => `${p.packageName} ${p.build}`) });
}
