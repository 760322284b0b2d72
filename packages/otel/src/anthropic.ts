import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { trace, type TracerProvider } from '@opentelemetry/api';

let installedSdkTraces: boolean | undefined;

/**
 * Whether `@anthropic-ai/sdk` emits its own span for each call, as far as can be
 * told from outside a client: the SDK installed for the app has built-in tracing
 * (feature-detected: `internal/tracing.js`, present in late 0.x and all 1.x),
 * ANTHROPIC_OPEN_TELEMETRY is not 'false', and a tracer provider is registered
 * with the OpenTelemetry API (the SDK's default; without one it makes no span).
 * What it cannot see: a client built with `openTelemetry: false` or its own
 * tracerProvider. An app that does that sets `anthropicSdkSpans: false`.
 */
export function anthropicSdkTraces(): boolean {
  if (process.env.ANTHROPIC_OPEN_TELEMETRY?.toLowerCase() === 'false') return false;
  installedSdkTraces ??= detectInstalledSdkTracing();
  if (!installedSdkTraces) return false;
  return globalTracerProviderRegistered();
}

function detectInstalledSdkTracing(): boolean {
  const bases = [process.cwd(), process.argv[1] ? dirname(resolve(process.argv[1])) : undefined].filter((b): b is string => !!b);
  for (const base of bases) {
    try {
      const entry = createRequire(join(base, 'noop.js')).resolve('@anthropic-ai/sdk');
      const root = packageRoot(entry, '@anthropic-ai/sdk');
      if (root) return existsSync(join(root, 'internal', 'tracing.js'));
    } catch {
      // Not resolvable from here; try the next base.
    }
  }
  // Not found (a bundled app, say): assume a current SDK, which traces. The cost of
  // a wrong guess is a missing span for Anthropic calls, never a doubled count.
  return true;
}

function packageRoot(file: string, name: string): string | undefined {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function globalTracerProviderRegistered(): boolean {
  // The API hands out a ProxyTracerProvider whose delegate is the registered
  // provider, or its no-op one when none is.
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : proxy;
  return delegate?.constructor?.name !== 'NoopTracerProvider';
}

/** For tests: forget what was detected. */
export function resetAnthropicDetection(): void {
  installedSdkTraces = undefined;
}
