import { afterEach, describe, expect, it } from 'vitest';
import costkit, { CostkitConfigError } from '../src/index.js';

afterEach(() => costkit.shutdown());

describe('init options', () => {
  it('rejects an unknown option with its name', async () => {
    const error = await costkit.init({ exporter: [] } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostkitConfigError);
    expect((error as CostkitConfigError).code).toBe('COSTKIT_CONFIG');
    expect((error as Error).message).toMatch(/unknown option\(s\) 'exporter'/);
  });

  it('names the option path and what was expected', async () => {
    const error = (await costkit.init({ exporters: [{ type: 'file' }] } as never).catch((e: unknown) => e)) as CostkitConfigError;
    expect(error).toBeInstanceOf(CostkitConfigError);
    expect(error.issues.some((i) => i.path.startsWith('exporters.0'))).toBe(true);

    const tags = (await costkit.init({ defaultTags: { team: 1 } } as never).catch((e: unknown) => e)) as CostkitConfigError;
    expect(tags.message).toMatch(/defaultTags: expected flat tags of string values/);

    const mode = (await costkit.init({ onMissingTags: 'explode' } as never).catch((e: unknown) => e)) as CostkitConfigError;
    expect(mode.message).toMatch(/onMissingTags/);
  });

  it('accepts a valid configuration and can be called twice', async () => {
    const exporter = { export: async () => undefined };
    await expect(costkit.init({ service: 'svc', exporters: [exporter] })).resolves.toBeInstanceOf(Array);
    await expect(costkit.init({ service: 'svc2', exporters: [exporter] })).resolves.toBeInstanceOf(Array);
  });
});
