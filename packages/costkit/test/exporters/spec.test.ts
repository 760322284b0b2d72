import { afterEach, describe, expect, it } from 'vitest';
import costkit, { CostkitConfigError } from '../../src/index.js';
import { createExporter } from '../../src/exporters/index.js';

afterEach(() => costkit.shutdown());

async function configError(options: unknown): Promise<CostkitConfigError> {
  const error = await costkit.init(options as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CostkitConfigError);
  return error as CostkitConfigError;
}

describe('exporter and queue options', () => {
  it('names the field of a built-in exporter and how to fix it', async () => {
    const noUrl = await configError({ exporters: [{ type: 'http' }] });
    expect(noUrl.message).toMatch(/exporters\.0\.url: expected the collector's URL, e\.g\. url: 'https:/);

    const badUrl = await configError({ exporters: [{ type: 'http', url: 'collector:4318' }] });
    expect(badUrl.message).toMatch(/exporters\.0\.url: expected an absolute http:\/\/ or https:\/\/ URL/);

    const headers = await configError({ exporters: [{ type: 'file', path: 'x.jsonl' }, { type: 'http', url: 'http://127.0.0.1:1', headers: { auth: 1 } }] });
    expect(headers.message).toMatch(/exporters\.1\.headers/);

    const format = await configError({ exporters: [{ type: 'http', url: 'http://127.0.0.1:1', format: 'xml' }] });
    expect(format.message).toMatch(/exporters\.0\.format: expected 'json' .* or 'ndjson'/);

    const noPath = await configError({ exporters: [{ type: 'file' }] });
    expect(noPath.message).toMatch(/exporters\.0\.path: expected a file path, e\.g\. path: '\.\/costkit-events\.jsonl'/);

    const rotate = await configError({ exporters: [{ type: 'file', path: 'x', rotate: 'hourly' }] });
    expect(rotate.message).toMatch(/exporters\.0\.rotate: expected 'day'/);
  });

  it('names an unknown exporter type or option', async () => {
    const type = await configError({ exporters: [{ type: 'kafka' }] });
    expect(type.message).toMatch(/exporters\.0\.type: unknown exporter type "kafka"; expected 'stdout', 'file' or 'http'/);
    const key = await configError({ exporters: [{ type: 'http', url: 'http://127.0.0.1:1', retries: 3 }] });
    expect(key.message).toMatch(/exporters\.0: unknown option\(s\) 'retries' for a 'http' exporter/);
    const object = await configError({ exporters: [{ write() {} }] });
    expect(object.message).toMatch(/exporters\.0: expected \{ type: 'stdout' \| 'file' \| 'http', … \} or an object with an export\(events\) method/);
  });

  it('names a bad queue option', async () => {
    const policy = await configError({ queue: { whenFull: 'wait' } });
    expect(policy.message).toMatch(/queue\.whenFull: expected 'dropOldest' \(default\) or 'block'/);
    const size = await configError({ queue: { maxQueueSize: 0 } });
    expect(size.message).toMatch(/queue\.maxQueueSize: expected a whole number > 0, e\.g\. maxQueueSize: 10000/);
    const unknown = await configError({ queue: { size: 5 } });
    expect(unknown.message).toMatch(/queue: unknown option\(s\) 'size'/);
  });

  it('accepts every built-in with all its options', async () => {
    await expect(
      costkit.init({
        exporters: [
          { type: 'stdout', pretty: true },
          { type: 'file', path: '/tmp/costkit-spec-test.jsonl', rotate: 'day', maxFileBytes: 1_000_000 },
          {
            type: 'http', url: 'https://collector.example.com/v1/costkit', headers: { authorization: 'Bearer x' }, deadLetterPath: '/tmp/costkit-dlq.jsonl',
            format: 'ndjson', compressAboveBytes: false, timeoutMs: 5000, maxRetries: 3, retryBaseDelayMs: 100, retryMaxDelayMs: 1000, maxConcurrency: 4,
          },
        ],
        queue: { maxQueueSize: 1000, maxBatchSize: 100, flushIntervalMs: 500, whenFull: 'block' },
      }),
    ).resolves.toBeInstanceOf(Array);
    expect(costkit.stats()!.exporters.map((e) => e.name)).toEqual(['stdout', 'file', 'http']);
  });

  it('createExporter passes an exporter object through', () => {
    const exporter = { async export() {} };
    expect(createExporter(exporter)).toBe(exporter);
    expect(createExporter({ type: 'http', url: 'http://127.0.0.1:1' }).name).toBe('http');
  });
});
