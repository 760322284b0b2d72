import { describe, expect, it } from 'vitest';
import { Deque } from '../../src/pipeline/deque.js';
import { exposeGc } from '../helpers/gc.js';

describe('Deque', () => {
  it('keeps first-in first-out order through pushes, takes and shifts', () => {
    const queue = new Deque<number>();
    for (let i = 0; i < 10; i++) queue.push(i);
    expect(queue.take(3)).toEqual([0, 1, 2]);
    expect(queue.shift()).toBe(3);
    queue.push(10);
    expect(queue.length).toBe(7);
    expect(queue.take(100)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  it('stays in order across its compaction', () => {
    const queue = new Deque<number>();
    for (let i = 0; i < 10_000; i++) queue.push(i);
    const out: number[] = [];
    while (queue.length > 0) {
      out.push(...queue.take(700));
      if (queue.length > 0) out.push(queue.shift()!);
    }
    expect(out).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('lets go of what left it while other items are still queued (a queue under steady traffic never empties)', async () => {
    const queue = new Deque<object>();
    const gone: WeakRef<object>[] = [];
    for (let i = 0; i < 600; i++) {
      const item = {};
      if (i < 513) gone.push(new WeakRef(item));
      queue.push(item);
    }
    queue.take(512);
    queue.shift();
    expect(queue.length).toBe(87);
    // WeakRefs made in this turn hold their targets until it ends.
    await new Promise((resolve) => setImmediate(resolve));
    exposeGc()();
    expect(gone.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });
});
