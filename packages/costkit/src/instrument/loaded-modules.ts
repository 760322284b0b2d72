import { nodeBuiltin } from '../node-builtin.js';

/**
 * The URLs of every script V8 holds in this process, ES modules included, or
 * undefined when they cannot be listed (a Node built without the inspector,
 * the permission model without --allow-inspector).
 *
 * Why: an ESM app's static imports have all run by the time it calls init(),
 * and Node has no public list of the ES modules it loaded, so without
 * costkit/register init() could only import every installed SDK's ESM build
 * to be sure it patched the one the app uses (~100 ms of CPU and a few MB of
 * heap per SDK the app never uses). V8 keeps the script of every loaded module
 * for the life of the process, and its best-effort coverage (the one kept
 * anyway, nothing switched on) names each script. One synchronous call on an
 * in-process inspector session: 10–30 ms on a startup heap of 20–25 MB with
 * 500–800 scripts, growing with the code loaded.
 */
export function loadedScriptUrls(): Set<string> | undefined {
  let session: InspectorSession | undefined;
  try {
    const { Session } = nodeBuiltin<{ Session: new () => InspectorSession }>('node:inspector');
    session = new Session();
    session.connect();
    let urls: Set<string> | undefined;
    // An in-process session answers synchronously, before post() returns.
    session.post('Profiler.getBestEffortCoverage', (error, answer) => {
      if (!error && answer) urls = new Set(answer.result.map((script) => script.url));
    });
    return urls;
  } catch {
    return undefined;
  } finally {
    try {
      session?.disconnect();
    } catch {
      // Never connected: nothing to close.
    }
  }
}

interface InspectorSession {
  connect(): void;
  disconnect(): void;
  post(method: 'Profiler.getBestEffortCoverage', callback: (error: Error | null, answer?: { result: Array<{ url: string }> }) => void): void;
}
