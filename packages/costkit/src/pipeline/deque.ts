/**
 * A FIFO with O(1) shift and batch take, for queues of many thousand events.
 * A slot is cleared as its item leaves: a queue that never empties under
 * steady traffic would otherwise keep every exported event reachable until the
 * next compaction (up to 4 096 of them), surviving young-generation
 * collections and promoted to the old one.
 */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    this.compact();
    return item;
  }

  take(count: number): T[] {
    const end = Math.min(this.items.length, this.head + count);
    const out = this.items.slice(this.head, end) as T[];
    this.items.fill(undefined, this.head, end);
    this.head = end;
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      // The cleared slots go; the array would otherwise grow with every event ever queued.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
