// Langfuse's OpenAI wrapper (observeOpenAI): a proxy around the client that
// records each call as an OpenTelemetry span through @langfuse/tracing. The spans
// go to the counting exporter, not to Langfuse's own span processor (which would
// send them to a Langfuse server).
import { setupTracing } from './otel.mjs';

export async function setupLangfuse() {
  const tracing = setupTracing();
  const { setLangfuseTracerProvider } = await import('@langfuse/tracing');
  setLangfuseTracerProvider(tracing.provider);
  const { observeOpenAI } = await import('@langfuse/openai');
  return { wrapClient: (client) => observeOpenAI(client), recorded: tracing.recorded };
}
