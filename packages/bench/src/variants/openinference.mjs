// Arize OpenInference's OpenAI instrumentation, patched by hand (its require
// hook does not see ESM imports).
import { setupTracing } from './otel.mjs';

export async function setupOpenInference({ modules }) {
  const tracing = setupTracing();
  const { OpenAIInstrumentation } = await import('@arizeai/openinference-instrumentation-openai');
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracing.provider);
  instrumentation.manuallyInstrument(modules.openai);
  return { recorded: tracing.recorded };
}
