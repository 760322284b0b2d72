import { context, metrics, trace, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type HistogramMetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import costkit, { withTags, type CallEvent, type CostkitEvent } from 'costkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { otelExporter } from '../src/index.js';
import { resetAnthropicDetection } from '../src/anthropic.js';

const spans = new InMemorySpanExporter();
let reader: PeriodicExportingMetricReader;
let metricExporter: InMemoryMetricExporter;
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
});

afterAll(() => {
  trace.disable();
  context.disable();
});

beforeEach(() => {
  spans.reset();
  metrics.disable();
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exported on forceFlush() only: the interval is longer than any test.
  reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});

afterEach(async () => {
  await costkit.shutdown();
  await reader.shutdown();
  delete process.env.ANTHROPIC_OPEN_TELEMETRY;
  resetAnthropicDetection();
});

async function collectMetrics() {
  await reader.forceFlush();
  return metricExporter.getMetrics().at(-1)?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
}

const completion = {
  id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 1000 } },
};

function openai(status = 200) {
  return new OpenAI({
    apiKey: 'test', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0,
    fetch: async () =>
      status === 200
        ? new Response(JSON.stringify(completion), { headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' } })
        : new Response(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }), { status, headers: { 'content-type': 'application/json' } }),
  });
}

function memory(): { events: CostkitEvent[]; export(batch: readonly CostkitEvent[]): Promise<void> } {
  const events: CostkitEvent[] = [];
  return { events, async export(batch) { events.push(...batch); } };
}

function event(overrides: Partial<CallEvent>): CallEvent {
  return {
    schema: 'costkit.call/1', id: 'evt-1', timestamp: '2026-11-22T10:00:00.000Z', service: 'svc', environment: 'test',
    provider: 'anthropic', operation: 'messages', model: 'claude-sonnet-4-5', responseModel: 'claude-sonnet-4-5-20250929',
    stream: false, status: 'ok', error: null, tags: { team: 'search' }, tagged: true,
    usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 120 },
    cost: { currency: 'USD', input: 0.0003, cacheRead: 0, cacheWrite: 0, output: 0.0003, total: 0.0006, totalPicoUsd: 600_000_000, priceRef: 'anthropic/claude-sonnet-4-5', version: 'test' },
    latencyMs: 250, timeToFirstTokenMs: null, attempts: 1, finishReason: 'stop', requestId: 'req_a', ...overrides,
  } as CallEvent;
}

const callSpans = () => spans.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@costkit/otel');

describe('@costkit/otel: spans', () => {
  it('makes each call a GenAI span, child of the span active when the call started', async () => {
    const seen = memory();
    await costkit.init({ exporters: [otelExporter(), seen] });
    const tracer = trace.getTracer('app');
    const parent = await tracer.startActiveSpan('POST /summarize', async (span) => {
      await withTags({ team: 'search', feature: 'summarize' }, () => openai().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
      span.end();
      return span;
    });
    // The exporter runs later, outside the request: the parent was captured at call start.
    await costkit.flush();
    const [span] = callSpans();
    const recorded = seen.events[0] as CallEvent;
    expect(span).toBeDefined();
    expect(span!.name).toBe('chat gpt-4o-mini');
    expect(span!.kind).toBe(2 /* CLIENT */);
    expect(span!.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.response.finish_reasons': ['stop'],
      'costkit.tag.team': 'search',
      'costkit.tag.feature': 'summarize',
      'costkit.event.id': recorded.id,
      'costkit.request_id': 'req_1',
    });
    expect(recorded.cost!.total).toBeGreaterThan(0);
    expect(span!.attributes['costkit.cost.usd']).toBe(recorded.cost!.total);
    // Start and duration are the call's, not the export's.
    const startMs = span!.startTime[0] * 1000 + span!.startTime[1] / 1e6;
    expect(startMs).toBeCloseTo(Date.parse(recorded.timestamp), 0);
    const durationMs = span!.duration[0] * 1000 + span!.duration[1] / 1e6;
    expect(durationMs).toBeCloseTo(recorded.latencyMs, 0);
  });

  it("puts the active span's trace and span ids on the event, and none outside a span", async () => {
    const seen = memory();
    await costkit.init({ exporters: [otelExporter(), seen] });
    const tracer = trace.getTracer('app');
    const client = openai();
    const ask = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const outer = await tracer.startActiveSpan('POST /api/chats/:id', async (span) => {
      await ask();
      // A nested span active at the second call: the event names that one.
      const inner = await tracer.startActiveSpan('agent step', async (child) => {
        await ask();
        child.end();
        return child;
      });
      span.end();
      return [span, inner] as const;
    });
    await ask();
    await costkit.flush();
    const [first, second, outside] = seen.events as CallEvent[];
    expect(first).toMatchObject({ traceId: outer[0].spanContext().traceId, spanId: outer[0].spanContext().spanId });
    expect(second).toMatchObject({ traceId: outer[1].spanContext().traceId, spanId: outer[1].spanContext().spanId });
    expect(second!.traceId).toBe(first!.traceId);
    expect(outside!.traceId).toBeUndefined();
    expect(outside!.spanId).toBeUndefined();
    // costkit's own span for the call is a child of the span the event names.
    const callSpan = callSpans().find((s) => s.attributes['costkit.event.id'] === first!.id);
    expect(callSpan!.parentSpanContext?.spanId).toBe(first!.spanId);
  });

  it('marks a failed call as an error span with error.type', async () => {
    await costkit.init({ exporters: [otelExporter()] });
    await expect(openai(429).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow();
    await costkit.flush();
    const [span] = callSpans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('RateLimitError');
    expect(span!.attributes['http.response.status_code']).toBe(429);
  });

  it('a call made outside any span is a root span; non-call events make none', async () => {
    const exporter = otelExporter({ anthropicSdkSpans: false });
    await exporter.export([event({}), { schema: 'costkit.guard/1', id: 'g', timestamp: '2026-11-22T10:00:00.000Z', service: 's', environment: 'e', tags: {}, guard: 'maxTokens', action: 'clamped', detail: 'x' } as CostkitEvent]);
    const [span] = callSpans();
    expect(callSpans()).toHaveLength(1);
    expect(span!.parentSpanContext).toBeUndefined();
    await exporter.shutdown?.();
  });
});

describe('@costkit/otel: Anthropic calls the SDK already traced', () => {
  it('emits no span of its own when the SDK makes one (no two spans count the same tokens), but still records metrics', async () => {
    const exporter = otelExporter({ anthropicSdkSpans: true });
    await exporter.export([event({})]);
    expect(callSpans()).toHaveLength(0);
    const tokens = (await collectMetrics()).find((m) => m.descriptor.name === 'gen_ai.client.token.usage') as HistogramMetricData;
    expect(tokens.dataPoints.map((p) => [p.attributes['gen_ai.token.type'], p.value.sum])).toEqual([
      ['input', 100],
      ['output', 20],
    ]);
    await exporter.shutdown?.();
  });

  it('emits the span when the SDK does not trace (anthropicSdkSpans: false)', async () => {
    const exporter = otelExporter({ anthropicSdkSpans: false });
    await exporter.export([event({})]);
    expect(callSpans().map((s) => [s.name, s.attributes['gen_ai.provider.name'], s.attributes['gen_ai.usage.input_tokens']])).toEqual([['chat claude-sonnet-4-5', 'anthropic', 100]]);
    await exporter.shutdown?.();
  });

  it("'auto' emits the span when ANTHROPIC_OPEN_TELEMETRY=false turns the SDK's tracing off, and not otherwise", async () => {
    const exporter = otelExporter();
    await exporter.export([event({ id: 'a' })]);
    expect(callSpans()).toHaveLength(0);
    process.env.ANTHROPIC_OPEN_TELEMETRY = 'false';
    await exporter.export([event({ id: 'b' })]);
    expect(callSpans().map((s) => s.attributes['costkit.event.id'])).toEqual(['b']);
    await exporter.shutdown?.();
  });

  it('other providers always get costkit\'s span', async () => {
    const exporter = otelExporter({ anthropicSdkSpans: true });
    await exporter.export([event({ provider: 'google', operation: 'generateContent', model: 'gemini-2.5-flash' })]);
    expect(callSpans().map((s) => [s.name, s.attributes['gen_ai.provider.name']])).toEqual([['generate_content gemini-2.5-flash', 'gcp.gen_ai']]);
    await exporter.shutdown?.();
  });
});

describe('@costkit/otel with the real @anthropic-ai/sdk 1.x and its built-in tracing', () => {
  const message = {
    id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001',
    content: [{ type: 'text', text: 'Hi.' }], stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 0 },
  };
  const anthropic = () =>
    new Anthropic({
      apiKey: 'test', baseURL: 'http://127.0.0.1:9', maxRetries: 0,
      fetch: async () => new Response(JSON.stringify(message), { headers: { 'content-type': 'application/json', 'request-id': 'req_a1' } }),
    });
  const call = (client: Anthropic) =>
    trace.getTracer('app').startActiveSpan('POST /triage', async (span) => {
      await withTags({ team: 'support' }, () => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }));
      span.end();
    });
  const tokenSpans = () => spans.getFinishedSpans().filter((s: ReadableSpan) => s.attributes['gen_ai.usage.input_tokens'] !== undefined);

  it("gives the app one span per call that counts the tokens, the SDK's; costkit adds none and records the metrics", async () => {
    const seen = memory();
    await costkit.init({ exporters: [otelExporter(), seen] });
    const client = costkit.instrument(anthropic());
    await call(client);
    await costkit.flush();
    expect(seen.events).toHaveLength(1);
    const [only] = tokenSpans();
    expect(tokenSpans()).toHaveLength(1);
    expect(only!.instrumentationScope.name).toBe('com.anthropic.sdk.typescript');
    // The SDK and costkit agree on the count (input includes cache reads).
    expect(only!.attributes['gen_ai.usage.input_tokens']).toBe((seen.events[0] as CallEvent).usage!.inputTokens);
    expect(callSpans()).toHaveLength(0);
    const tokens = (await collectMetrics()).find((m) => m.descriptor.name === 'gen_ai.client.token.usage') as HistogramMetricData;
    expect(tokens.dataPoints.find((p) => p.attributes['gen_ai.token.type'] === 'input')!.value.sum).toBe(110);
  });

  it("with the SDK's tracing off (ANTHROPIC_OPEN_TELEMETRY=false), costkit's span is the one", async () => {
    process.env.ANTHROPIC_OPEN_TELEMETRY = 'false';
    await costkit.init({ exporters: [otelExporter()] });
    const client = costkit.instrument(anthropic());
    await call(client);
    await costkit.flush();
    expect(tokenSpans().map((s) => s.instrumentationScope.name)).toEqual(['@costkit/otel']);
    expect(tokenSpans()[0]!.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 110, 'gen_ai.usage.cache_read.input_tokens': 100, 'costkit.tag.team': 'support' });
  });
});

describe('@costkit/otel: metrics', () => {
  it('records gen_ai.client.token.usage, gen_ai.client.operation.duration and costkit.client.cost', async () => {
    const exporter = otelExporter({ anthropicSdkSpans: false, metricTagKeys: ['team'] });
    await exporter.export([
      event({ id: '1' }),
      event({ id: '2', status: 'error', error: { type: 'RateLimitError', status: 429, message: 'x' }, usage: null, cost: null, latencyMs: 50 }),
    ]);
    const all = await collectMetrics();
    const byName = (name: string) => all.find((m) => m.descriptor.name === name)!;

    const tokens = byName('gen_ai.client.token.usage') as HistogramMetricData;
    expect(tokens.descriptor.unit).toBe('{token}');
    expect(tokens.dataPoints.map((p) => p.attributes)).toContainEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.token.type': 'input',
      'costkit.tag.team': 'search',
    });

    const duration = byName('gen_ai.client.operation.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    const points = duration.dataPoints.map((p) => [p.attributes['error.type'], p.value.sum]);
    expect(points).toEqual(expect.arrayContaining([[undefined, 0.25], ['RateLimitError', 0.05]]));

    const cost = byName('costkit.client.cost') as SumMetricData;
    expect(cost.descriptor.unit).toBe('USD');
    expect(cost.dataPoints[0]!.value).toBeCloseTo(0.0006, 10);
    await exporter.shutdown?.();
  });

  it('spans: false and metrics: false turn each off', async () => {
    const exporter = otelExporter({ spans: false, metrics: false });
    await exporter.export([event({ provider: 'openai', operation: 'chat.completions', model: 'gpt-4o' })]);
    expect(callSpans()).toHaveLength(0);
    expect(await collectMetrics()).toHaveLength(0);
    await exporter.shutdown?.();
  });
});
