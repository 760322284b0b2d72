// What every worker does first, as an app would: the canned fetch in place of
// the network, the SDKs imported, the variant set up, the clients made. A bench
// measurement prepares one SDK; the smoke prepares every SDK a variant applies
// to in one process.
import { createCannedFetch } from './canned/index.mjs';
import { SDKS } from './sdks.mjs';
import { variantById } from './variants/index.mjs';

export async function prepare({ providers, variant: variantId, chunks = 50 }) {
  const variant = variantById(variantId);
  for (const provider of providers) {
    if (!SDKS[provider]) throw new Error(`unknown provider '${provider}'; one of: ${Object.keys(SDKS).join(', ')}`);
    if (!variant.providers.includes(provider)) throw new Error(`variant '${variantId}' does not instrument ${provider}`);
  }
  const fetch = createCannedFetch({ chunks });
  // The Google SDKs call the global fetch; nothing here may reach a network.
  globalThis.fetch = fetch;
  const modules = {};
  for (const provider of providers) modules[provider] = await import(SDKS[provider].module);
  const setup = await variant.setup({ providers, fetch, modules });
  if (setup.unavailable) return { unavailable: setup.unavailable };
  const clients = {};
  for (const provider of providers) {
    const base = setup.clients?.[provider] ?? SDKS[provider].client(modules[provider], fetch);
    clients[provider] = setup.wrapClient ? setup.wrapClient(base, provider) : base;
  }
  return {
    clients,
    fetch,
    scope: setup.scope ?? ((fn) => fn()),
    recorded: setup.recorded ?? (async () => undefined),
  };
}

/** Workers print one JSON line last; anything the SDKs print goes before it. */
export function report(result) {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

export function optionsFromArgv() {
  const json = process.argv[2];
  if (!json) throw new Error('worker: pass the options as one JSON argument');
  return JSON.parse(json);
}
