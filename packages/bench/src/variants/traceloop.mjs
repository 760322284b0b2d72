// OpenLLMetry's instrumentations (@traceloop/instrumentation-openai, -anthropic).
// Patched by hand: their require hook does not see ESM imports, and the OpenAI
// one declares openai ">=4 <7" for its hook while its manual patch works on 7.
import { setupTracing } from './otel.mjs';

async function instrumentOpenAI(module, tracerProvider) {
  const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracerProvider);
  // It reads the resources off the client class (`OpenAI.Chat.Completions`), the CommonJS export.
  instrumentation.manuallyInstrument(module.OpenAI);
}

async function instrumentAnthropic(module, tracerProvider) {
  const { AnthropicInstrumentation } = await import('@traceloop/instrumentation-anthropic');
  const instrumentation = new AnthropicInstrumentation();
  instrumentation.setTracerProvider(tracerProvider);
  // It wraps the legacy `Anthropic.Completions` first, which SDK 1.x no longer
  // has (its require hook fails the same way): hand it a stand-in for that one
  // class and the SDK's own Messages, Beta and APIPromise for everything else.
  const { Anthropic } = module;
  const facade = { ...module, Anthropic: { Completions: class LegacyCompletionsStandIn { create() {} }, Messages: Anthropic.Messages, Beta: Anthropic.Beta } };
  instrumentation.manuallyInstrument(facade);
}

export async function setupTraceloop({ providers, modules }) {
  const tracing = setupTracing();
  if (providers.includes('openai')) await instrumentOpenAI(modules.openai, tracing.provider);
  if (providers.includes('anthropic')) await instrumentAnthropic(modules.anthropic, tracing.provider);
  return { recorded: tracing.recorded };
}
