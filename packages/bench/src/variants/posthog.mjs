// PostHog LLM analytics (@posthog/ai): its own subclass of the SDK client, which
// captures an `$ai_generation` event per call through a real posthog-node client.
// That client's fetch is in memory and counts the events in each batch it would
// have sent (compression off, so the batch can be read back; batching as the
// client defaults: 20 events or 5 s).
export async function setupPosthog({ providers, fetch }) {
  const { PostHog } = await import('posthog-node');
  let recorded = 0;
  const countingFetch = async (_url, options) => {
    const body = JSON.parse(options.body);
    for (const event of body.batch ?? []) if (event.event === '$ai_generation') recorded++;
    return { status: 200, text: async () => '{}', json: async () => ({}) };
  };
  const posthog = new PostHog('phc_bench', { host: 'http://127.0.0.1:9', fetch: countingFetch, disableCompression: true });
  const options = { apiKey: 'bench', fetch, maxRetries: 0, posthog };
  const clients = {};
  if (providers.includes('openai')) clients.openai = new (await import('@posthog/ai/openai')).OpenAI({ ...options, baseURL: 'http://127.0.0.1:9/v1' });
  if (providers.includes('anthropic')) clients.anthropic = new (await import('@posthog/ai/anthropic')).Anthropic({ ...options, baseURL: 'http://127.0.0.1:9' });
  return {
    clients,
    async recorded() {
      await posthog.flush();
      await posthog.shutdown();
      return recorded;
    },
  };
}
