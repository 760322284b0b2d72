import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import costkit, { CostkitConfigError } from '../../src/index.js';
import { httpExporter, Pipeline, type Exporter } from '../../src/exporters/index.js';
import { callEvent, collector, readJsonLines, tempDir } from './helpers.js';

// A collector URL may carry credentials (user:token@, ?token=), and headers
// carry API keys: none of it may appear in anything costkit prints or returns.

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Everything costkit says while `run` runs: warnings, loss reports, errors, results, stats. */
async function outputsOf(run: (report: (m: string) => void) => Promise<unknown>): Promise<string> {
  const said: string[] = [];
  const onWarning = (w: Error) => said.push(w.message);
  process.on('warning', onWarning);
  try {
    const result = await run((m) => said.push(m)).catch((e: unknown) => (e instanceof Error ? `${e.message}\n${e.stack}` : e));
    said.push(JSON.stringify(result));
  } finally {
    process.off('warning', onWarning);
  }
  return said.join('\n');
}

describe('http exporter: secrets never appear in any output', () => {
  it('credentials in the URL (user:token@, a token in the query or the path) and header values, through 401, 503, timeouts and a collector that is down', async () => {
    let n = 0;
    const c = await collector((_r, res, req) => {
      n++;
      if (n === 1) return void res.writeHead(401).end();
      if (n <= 3) return void res.writeHead(503).end();
      if (n === 4) return void req.socket.destroy();
      // later requests are never answered: the export's deadline ends them
    });
    cleanups.push(c.close);
    const base = new URL(c.url);
    const url = `http://alice:s3cret-pass@${base.host}/v1/hooks/T0s3cretPATHtoken12345?token=s3cret-query&tenant=acme`;
    const headers = { authorization: 'Bearer s3cret-header', 'x-api-key': 's3cret-key' };
    const output = await outputsOf(async (report) => {
      const e = httpExporter({ url, headers, maxRetries: 3, timeoutMs: 200, sleep: async () => undefined });
      const p = new Pipeline([e], { maxBatchSize: 2, report, reportIntervalMs: 0, exportTimeoutMs: 1_000 });
      for (let i = 0; i < 8; i++) p.enqueue(callEvent());
      await p.shutdown({ timeoutMs: 1_500 });
      return p.stats();
    });
    expect(n).toBeGreaterThan(3);
    expect(output).toContain('answered 401');
    expect(output).toContain('lost');
    expect(output).not.toMatch(/s3cret/);
    expect(output).toContain(`http://***@${base.host}/v1/hooks/***?token=***&tenant=***`);
  });

  it('a mistake in the options names the field, never the URL or a header value', async () => {
    const bad = [
      { url: 'http://alice:s3cret-pass@collector.example.com/v1?token=s3cret-query' },
      { url: 'htp://alice:s3cret-pass@collector.example.com' },
      { url: 'https://collector.example.com', headers: { authorization: 'Bearer s3cret\nInjected: 1' } },
    ];
    for (const options of bad) {
      const thrown = (() => {
        try {
          httpExporter(options);
        } catch (error) {
          return error as Error;
        }
        throw new Error('accepted');
      })();
      expect(thrown).toBeInstanceOf(CostkitConfigError);
      expect(thrown.message).not.toMatch(/s3cret/);
      const viaInit = await costkit.init({ exporters: [{ type: 'http', ...options }] }).catch((e: Error) => e);
      expect(viaInit).toBeInstanceOf(CostkitConfigError);
      expect((viaInit as Error).message).not.toMatch(/s3cret/);
    }
  });

  it('a header value that is never sent is never shown either: a delivered batch carries it to the collector only', async () => {
    const c = await collector();
    cleanups.push(c.close);
    const e: Exporter = httpExporter({ url: c.url, headers: { 'X-Api-Key': 's3cret-key' } });
    cleanups.push(() => e.shutdown?.());
    await expect(e.export([callEvent()])).resolves.toEqual({ delivered: 1 });
    expect(c.requests[0]!.headers['x-api-key']).toBe('s3cret-key');
    expect(JSON.stringify(e.stats?.())).not.toMatch(/s3cret/);
  });
});

describe('http exporter: plain http://', () => {
  it('is refused to a host that is not this machine, unless allowInsecure: true', async () => {
    expect(() => httpExporter({ url: 'http://collector.example.com/v1/costkit' })).toThrow(CostkitConfigError);
    expect(() => httpExporter({ url: 'http://collector.example.com/v1/costkit' })).toThrow(/url: plain http:\/\/ would send events and headers unencrypted to collector\.example\.com; use https:\/\/, or set allowInsecure: true/);
    const viaInit = await costkit.init({ exporters: [{ type: 'http', url: 'http://10.0.0.7:4318/v1/costkit' }] }).catch((e: Error) => e);
    expect((viaInit as Error).message).toMatch(/exporters\.0\.url: plain http:\/\/ would send events and headers unencrypted to 10\.0\.0\.7/);
    const allowed = httpExporter({ url: 'http://collector.internal/v1/costkit', allowInsecure: true });
    await allowed.shutdown?.();
  });

  it('is accepted to this machine (127.0.0.0/8, localhost, [::1]) and https:// anywhere', async () => {
    for (const url of ['http://127.0.0.1:4318/v1', 'http://127.1.2.3/v1', 'http://localhost:4318/v1', 'http://api.localhost/v1', 'http://[::1]:4318/v1', 'https://collector.example.com/v1']) {
      const e = httpExporter({ url });
      await e.shutdown?.();
    }
  });
});

describe('http exporter: dead-letter file', () => {
  it('is created with mode 0600', async () => {
    const c = await collector((_r, res) => void res.writeHead(400).end());
    cleanups.push(c.close);
    const deadLetterPath = join(tempDir(), 'nested', 'dead.jsonl');
    const e = httpExporter({ url: c.url, deadLetterPath });
    cleanups.push(() => e.shutdown?.());
    await e.export([callEvent()]);
    expect(statSync(deadLetterPath).mode & 0o777).toBe(0o600);
    expect(readJsonLines(readFileSync(deadLetterPath, 'utf8'))).toHaveLength(1);
  });
});

afterEach(() => costkit.shutdown());
