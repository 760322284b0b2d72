import {
  context,
  metrics,
  trace,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  type TracerProvider,
} from '@opentelemetry/api';
import { attachment, onCallStart, type CallEvent, type CostkitEvent, type Exporter } from 'costkit/exporters';
import { anthropicSdkTraces } from './anthropic.js';
import {
  DURATION_BUCKETS_S,
  TOKEN_BUCKETS,
  operationName,
  providerName,
} from './semconv.js';

export { anthropicSdkTraces } from './anthropic.js';

const SCOPE = '@costkit/otel';
const VERSION = '0.2.0';

export interface OtelExporterOptions {
  /** Spans go here; default the provider registered with the OpenTelemetry API. */
  tracerProvider?: TracerProvider;
  /** Metrics go here; default the provider registered with the OpenTelemetry API. */
  meterProvider?: MeterProvider;
  /** One span per call (default true). */
  spans?: boolean;
  /** gen_ai.client.token.usage, gen_ai.client.operation.duration and costkit.client.cost (default true). */
  metrics?: boolean;
  /**
   * Whether the Anthropic SDK emits its own span for each call (it does from the
   * versions with built-in OpenTelemetry on, when a tracer provider is
   * registered): then costkit emits no span for Anthropic calls, so no two spans
   * count the same tokens; metrics are still recorded (the SDK has none).
   * 'auto' (default) decides from the installed SDK and ANTHROPIC_OPEN_TELEMETRY;
   * set false when your clients are built with `openTelemetry: false` (or their
   * own tracerProvider), so costkit's span is the one.
   */
  anthropicSdkSpans?: 'auto' | boolean;
  /**
   * Tags also put on metric points. Default none: a tag like `tenant` can have
   * unbounded values, and every value is a new time series. Spans carry every tag.
   */
  metricTagKeys?: readonly string[];
}

interface Instruments {
  tokens: Histogram;
  duration: Histogram;
  cost: Counter;
}

/**
 * costkit events as OpenTelemetry spans and metrics, with the GenAI semantic
 * conventions, through the app's own providers. Each span is created in the
 * context that was active when the call started (captured by an onCallStart
 * hook), so it is the child of the app's span around the call, even though the
 * exporter runs later, off the call path.
 */
export function otelExporter(options: OtelExporterOptions = {}): Exporter {
  const CONTEXT = Symbol('@costkit/otel context');
  const removeHook = onCallStart((call) => {
    const active = context.active();
    call.attach(CONTEXT, active);
    // The event carries the ids of the span active at call start, so a cost row
    // joins to its trace even where this exporter's spans are not kept.
    const span = trace.getSpanContext(active);
    if (span && isSpanContextValid(span)) call.setTraceContext(span.traceId, span.spanId);
  });
  const instrumentsByMeter = new WeakMap<Meter, Instruments>();
  const spansOn = options.spans !== false;
  const metricsOn = options.metrics !== false;
  const metricTagKeys = options.metricTagKeys ?? [];

  function instruments(): Instruments {
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE, VERSION);
    let found = instrumentsByMeter.get(meter);
    if (!found) {
      found = {
        tokens: meter.createHistogram('gen_ai.client.token.usage', {
          description: 'Number of input and output tokens used.',
          unit: '{token}',
          advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
        }),
        duration: meter.createHistogram('gen_ai.client.operation.duration', {
          description: 'GenAI operation duration.',
          unit: 's',
          advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
        }),
        cost: meter.createCounter('costkit.client.cost', {
          description: "Cost of GenAI calls from costkit's price book.",
          unit: 'USD',
        }),
      };
      instrumentsByMeter.set(meter, found);
    }
    return found;
  }

  function emitSpan(event: CallEvent, parent: Context): void {
    const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE, VERSION);
    const operation = operationName(event.operation);
    const start = Date.parse(event.timestamp);
    const span = tracer.startSpan(
      `${operation} ${event.model}`,
      { kind: SpanKind.CLIENT, startTime: start, attributes: spanAttributes(event, operation) },
      parent,
    );
    if (event.status === 'error') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.error?.message });
    }
    span.end(start + event.latencyMs);
  }

  function recordMetrics(event: CallEvent, parent: Context): void {
    const { tokens, duration, cost } = instruments();
    const attributes: Attributes = {
      'gen_ai.operation.name': operationName(event.operation),
      'gen_ai.provider.name': providerName(event.provider),
      'gen_ai.request.model': event.model,
    };
    if (event.responseModel) attributes['gen_ai.response.model'] = event.responseModel;
    for (const key of metricTagKeys) {
      const value = event.tags[key];
      if (value !== undefined) attributes[`costkit.tag.${key}`] = value;
    }
    // In the caller's context, so an exemplar points at the trace the call belongs to.
    duration.record(event.latencyMs / 1000, event.status === 'error' ? { ...attributes, 'error.type': event.error?.type ?? '_OTHER' } : attributes, parent);
    if (event.usage) {
      tokens.record(event.usage.inputTokens, { ...attributes, 'gen_ai.token.type': 'input' }, parent);
      tokens.record(event.usage.outputTokens, { ...attributes, 'gen_ai.token.type': 'output' }, parent);
    }
    if (event.cost) cost.add(event.cost.total, attributes, parent);
  }

  return {
    name: 'otel',
    async export(events: readonly CostkitEvent[]) {
      let anthropicTraced: boolean | undefined;
      for (const event of events) {
        if (event.schema !== 'costkit.call/1') continue;
        const parent = attachment<Context>(event, CONTEXT) ?? ROOT_CONTEXT;
        let sdkSpan = false;
        if (event.provider === 'anthropic') {
          anthropicTraced ??= options.anthropicSdkSpans === undefined || options.anthropicSdkSpans === 'auto' ? anthropicSdkTraces() : options.anthropicSdkSpans;
          sdkSpan = anthropicTraced;
        }
        if (spansOn && !sdkSpan) emitSpan(event, parent);
        if (metricsOn) recordMetrics(event, parent);
      }
    },
    async shutdown() {
      removeHook();
    },
  };
}

function spanAttributes(event: CallEvent, operation: string): Attributes {
  const a: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': providerName(event.provider),
    'gen_ai.request.model': event.model,
    'costkit.event.id': event.id,
    'costkit.operation': event.operation,
    'costkit.stream': event.stream,
    'costkit.status': event.status,
    'costkit.tagged': event.tagged,
    'costkit.attempts': event.attempts,
  };
  if (event.responseModel) a['gen_ai.response.model'] = event.responseModel;
  if (event.finishReason) a['gen_ai.response.finish_reasons'] = [event.finishReason];
  if (event.requestId) a['costkit.request_id'] = event.requestId;
  if (event.timeToFirstTokenMs !== null) a['costkit.time_to_first_token_ms'] = event.timeToFirstTokenMs;
  if (event.usage) {
    a['gen_ai.usage.input_tokens'] = event.usage.inputTokens;
    a['gen_ai.usage.output_tokens'] = event.usage.outputTokens;
    // Both are subsets of gen_ai.usage.input_tokens, as the conventions ask.
    a['gen_ai.usage.cache_read.input_tokens'] = event.usage.cacheReadTokens;
    a['gen_ai.usage.cache_creation.input_tokens'] = event.usage.cacheWriteTokens;
    a['costkit.usage.reasoning_tokens'] = event.usage.reasoningTokens;
  }
  if (event.cost) {
    a['costkit.cost.usd'] = event.cost.total;
    a['costkit.cost.price_ref'] = event.cost.priceRef;
  }
  if (event.status === 'error' && event.error) {
    a['error.type'] = event.error.type;
    if (event.error.status !== null) a['http.response.status_code'] = event.error.status;
  }
  for (const [key, value] of Object.entries(event.tags)) a[`costkit.tag.${key}`] = value;
  return a;
}
