// The OpenTelemetry side every OTel-based peer needs, set up as an app would:
// the AsyncLocalStorage context manager, a tracer provider with a batch span
// processor, and an exporter that only counts the spans it is handed.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

class CountingSpanExporter {
  rootSpans = 0;
  export(spans, done) {
    // One root span per call: a peer's child spans (if any) are not calls.
    for (const span of spans) if (!span.parentSpanContext && !span.parentSpanId) this.rootSpans++;
    done({ code: 0 });
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

export function setupTracing() {
  const exporter = new CountingSpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    async recorded() {
      await provider.forceFlush();
      return exporter.rootSpans;
    },
  };
}
