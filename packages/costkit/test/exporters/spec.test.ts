import { afterEach, describe, expect, it } from 'vitest';
import costkit, { CostkitConfigError } from '../../src/index.js';
import { createExporter, fileExporter, httpExporter, stdoutExporter } from '../../src/exporters/index.js';
import { BUILTIN_EXPORTERS, BUILTIN_TYPES } from '../../src/exporters/builtins.js';

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

describe('built-in exporters come from one map', () => {
  it('the type list and the messages that name the types are derived from it', async () => {
    expect(BUILTIN_TYPES).toEqual(Object.keys(BUILTIN_EXPORTERS));
    const type = await configError({ exporters: [{ type: 'kafka' }] });
    expect(type.message).toContain(`expected ${BUILTIN_TYPES.slice(0, -1).map((t) => `'${t}'`).join(', ')} or '${BUILTIN_TYPES.at(-1)}'`);
    const object = await configError({ exporters: [42] });
    expect(object.message).toContain(`{ type: ${BUILTIN_TYPES.map((t) => `'${t}'`).join(' | ')}, … }`);
    for (const t of BUILTIN_TYPES) expect(createExporter({ type: t, ...(t === 'http' ? { url: 'http://127.0.0.1:1' } : t === 'file' ? { path: '/tmp/x.jsonl' } : {}) } as never).name).toBe(t);
  });
});

describe('the factories check their options as init({ exporters }) does', () => {
  const cases: [string, () => unknown, unknown][] = [
    ['httpExporter({ retries: 2 })', () => httpExporter({ url: 'https://collector.example.com/v1', retries: 2 } as never), { type: 'http', url: 'https://collector.example.com/v1', retries: 2 }],
    ['stdoutExporter({ prety: true })', () => stdoutExporter({ prety: true } as never), { type: 'stdout', prety: true }],
    ["fileExporter({ rotate: 'hour' })", () => fileExporter({ path: './x.jsonl', rotate: 'hour' } as never), { type: 'file', path: './x.jsonl', rotate: 'hour' }],
    ['httpExporter({ maxRetries: -1 })', () => httpExporter({ url: 'https://collector.example.com/v1', maxRetries: -1 }), { type: 'http', url: 'https://collector.example.com/v1', maxRetries: -1 }],
  ];
  for (const [what, make, spec] of cases) {
    it(`${what} throws CostkitConfigError with init's message`, async () => {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CostkitConfigError);
      const factory = (thrown as CostkitConfigError).issues.map((i) => i.message);
      const init = (await configError({ exporters: [spec] })).issues.map((i) => i.message);
      expect(factory).toEqual(init);
      expect(factory.length).toBeGreaterThan(0);
    });
  }
});
