// One memory measurement in a fresh process (run with --expose-gc):
//   long-stream: one stream of CHUNKS chunks read to its end; the heap after a
//     full GC before it, half-way through it and after it, and the time from the
//     call to the first chunk the app sees;
//   abandoned: ABANDONED streams each read for one chunk and then dropped
//     without return() or cancel(), as an app that stops listening does; the
//     heap after GC before and after them.
import { performance } from 'node:perf_hooks';
import { setTimeout as tick } from 'node:timers/promises';
import { SDKS, callOf } from '../sdks.mjs';
import { optionsFromArgv, prepare, report } from '../prepare.mjs';

const options = optionsFromArgv();
const { test, chunks, abandoned, warmupStreams } = options;
const prepared = await prepare({ ...options, providers: [options.provider], chunks: 50 });
if (prepared.unavailable) {
  report({ unavailable: prepared.unavailable });
  process.exit(0);
}
const { fetch } = prepared;
const sdk = SDKS[options.provider];
const client = prepared.clients[options.provider];

/** Full GCs with turns of the event loop between, so finalizers (and what they release) run. */
async function settledHeap() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await tick(5);
  }
  return process.memoryUsage().heapUsed;
}

async function longStream() {
  const warm = callOf(sdk, client, 'stream');
  for (let i = 0; i < warmupStreams; i++) await warm();
  fetch.chunks = chunks;
  const before = await settledHeap();
  let firstChunkMs;
  let middle;
  const half = Math.floor(chunks / 2);
  const start = performance.now();
  const received = await callOf(sdk, client, 'stream', (i) => {
    if (i === 0) firstChunkMs = performance.now() - start;
    if (i === half) {
      globalThis.gc();
      middle = process.memoryUsage().heapUsed;
    }
  })();
  const totalMs = performance.now() - start;
  const after = await settledHeap();
  return { before, middle, after, firstChunkMs, totalMs, received, expected: warmupStreams + 1 };
}

async function openAndDrop() {
  const stream = await sdk.open(client);
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
}

async function abandonStreams() {
  for (let i = 0; i < warmupStreams; i++) await openAndDrop();
  const before = await settledHeap();
  for (let i = 0; i < abandoned; i++) {
    await openAndDrop();
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  // The dropped streams' events are made when the streams are collected, then wait in
  // the export queue: flushed first, so what is left is what costkit keeps, not its queue.
  await settledHeap();
  await prepared.recorded();
  const after = await settledHeap();
  return { before, after, expected: warmupStreams + abandoned };
}

const scoped = await prepared.scope(() => (test === 'long-stream' ? longStream() : abandonStreams()));
const recorded = await prepared.recorded();
report({ node: process.version, test, ...scoped, recorded: recorded ?? null, served: fetch.served });
