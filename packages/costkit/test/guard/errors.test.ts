import { describe, expect, it, vi } from 'vitest';
import * as guard from '../../src/guard/index.js';
import * as main from '../../src/index.js';

describe('guard errors', () => {
  it('are exported from costkit/guard and from costkit, and extend CostkitError with a stable code', () => {
    expect(guard.RetryCapExceededError).toBe(main.RetryCapExceededError);
    expect(guard.MaxTokensExceededError).toBe(main.MaxTokensExceededError);
    expect(guard.ScopeLimitExceededError).toBe(main.ScopeLimitExceededError);
    const errors = [
      new guard.RetryCapExceededError(3, 'g', new Error('boom')),
      new guard.MaxTokensExceededError({ provider: 'openai', model: 'gpt-4o', field: 'max_tokens', requested: 9000, cap: 1000, setAt: 'init(…)' }),
      new guard.ScopeLimitExceededError({ limit: 'maxCalls', value: 5, spent: 5, scopeTags: { team: 'a' }, source: 'withTags' }),
    ];
    expect(errors.map((e) => [e.name, e.code, e instanceof main.CostkitError, e instanceof Error])).toEqual([
      ['RetryCapExceededError', 'COSTKIT_RETRY_CAP', true, true],
      ['MaxTokensExceededError', 'COSTKIT_MAX_TOKENS', true, true],
      ['ScopeLimitExceededError', 'COSTKIT_SCOPE_LIMIT', true, true],
    ]);
    expect(errors[0]).not.toBeInstanceOf(guard.ScopeLimitExceededError);
    expect((errors[0] as Error).cause).toBeInstanceOf(Error);
  });

  it('match instanceof across separate copies of the module (the costkit and costkit/guard bundles each carry one)', async () => {
    // A second evaluation of errors.ts: what the costkit/guard bundle holds.
    vi.resetModules();
    const copy = await import('../../src/errors.js');
    expect(copy.ScopeLimitExceededError).not.toBe(guard.ScopeLimitExceededError);
    const thrownByCallPath = new copy.ScopeLimitExceededError({ limit: 'maxCalls', value: 1, spent: 1, scopeTags: {}, source: 'init' });
    expect(thrownByCallPath instanceof guard.ScopeLimitExceededError).toBe(true);
    expect(thrownByCallPath instanceof guard.CostkitError).toBe(true);
    expect(thrownByCallPath instanceof guard.MaxTokensExceededError).toBe(false);
    expect(new guard.RetryCapExceededError(1, 'g', null) instanceof copy.RetryCapExceededError).toBe(true);
    // Lookalikes without the brand do not match.
    const lookalike = Object.assign(new Error('x'), { name: 'ScopeLimitExceededError', code: 'COSTKIT_SCOPE_LIMIT' });
    expect(lookalike instanceof guard.ScopeLimitExceededError).toBe(false);
    expect(lookalike instanceof guard.CostkitError).toBe(false);
    expect((null as unknown) instanceof guard.CostkitError).toBe(false);
  });
});
