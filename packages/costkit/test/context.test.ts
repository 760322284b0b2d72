import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { getTags, withTags } from '../src/index.js';

describe('withTags / getTags', () => {
  it('returns {} outside any scope', () => {
    expect(getTags()).toEqual({});
  });

  it('keeps tags across awaits, timers and Promise.all', async () => {
    await withTags({ team: 'search' }, async () => {
      await delay(1);
      expect(getTags()).toEqual({ team: 'search' });
      const seen = await Promise.all(
        ['a', 'b', 'c'].map((feature) =>
          withTags({ feature }, async () => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            return getTags();
          }),
        ),
      );
      expect(seen).toEqual([
        { team: 'search', feature: 'a' },
        { team: 'search', feature: 'b' },
        { team: 'search', feature: 'c' },
      ]);
      const fromImmediate = await new Promise((resolve) => setImmediate(() => resolve(getTags())));
      expect(fromImmediate).toEqual({ team: 'search' });
    });
  });

  it('merges nested scopes, inner key wins, and restores the outer scope after', () => {
    withTags({ team: 'search', feature: 'outer' }, () => {
      withTags({ feature: 'inner', customer: 'acme' }, () => {
        expect(getTags()).toEqual({ team: 'search', feature: 'inner', customer: 'acme' });
      });
      expect(getTags()).toEqual({ team: 'search', feature: 'outer' });
    });
  });

  it('delivers the scope of the emitter callback registration to EventEmitter listeners called within the scope', () => {
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    emitter.on('job', () => seen.push(getTags()));
    withTags({ team: 'jobs' }, () => emitter.emit('job'));
    emitter.emit('job');
    expect(seen).toEqual([{ team: 'jobs' }, {}]);
  });

  it('keeps tags inside async iterators consumed in the scope', async () => {
    async function* pages() {
      for (let i = 0; i < 3; i++) {
        await delay(0);
        yield getTags().feature;
      }
    }
    const features = await withTags({ feature: 'paginate' }, async () => {
      const out: unknown[] = [];
      for await (const f of pages()) out.push(f);
      return out;
    });
    expect(features).toEqual(['paginate', 'paginate', 'paginate']);
  });

  it('leaves no scope behind when fn throws', async () => {
    expect(() => withTags({ team: 'x' }, () => { throw new Error('boom'); })).toThrow('boom');
    await expect(withTags({ team: 'x' }, async () => { throw new Error('async boom'); })).rejects.toThrow('async boom');
    expect(getTags()).toEqual({});
  });

  it('returns a copy: mutating getTags() does not change the scope', () => {
    withTags({ team: 'a' }, () => {
      const tags = getTags();
      tags.team = 'mutated';
      expect(getTags()).toEqual({ team: 'a' });
    });
  });

  it('skips an undefined value (a header the request did not send) instead of throwing', () => {
    const headers: Record<string, string | undefined> = {};
    withTags({ team: 'search', customer: headers['x-customer-id'] }, () => {
      expect(getTags()).toEqual({ team: 'search' });
      expect('customer' in getTags()).toBe(false);
    });
    expect(() => withTags({ customer: null } as never, () => 0)).toThrow(/tag 'customer' must be a string \(or undefined/);
  });

  it('rejects bad tags at the withTags call with a TypeError naming the key', () => {
    expect(() => withTags({ team: 42 } as never, () => 0)).toThrow(/tag 'team' must be a string/);
    expect(() => withTags({ 'bad key': 'x' }, () => 0)).toThrow(/tag key 'bad key' is not allowed/);
    expect(() => withTags(null as never, () => 0)).toThrow(TypeError);
    expect(() => withTags({ team: 'a' }, 'nope' as never)).toThrow(/second argument must be the function/);
    expect(() => withTags({ team: 'a' }, () => 0, { maxCalls: -1 })).toThrow(/limits.maxCalls/);
  });
});
