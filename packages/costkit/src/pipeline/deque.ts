/** A FIFO with O(1) shift and batch take, for queues of many thousand events. */
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    this.compact();
    return item;
  }

  take(count: number): T[] {
    const end = Math.min(this.items.length, this.head + count);
    const out = this.items.slice(this.head, end);
    this.head = end;
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      // Let the taken events be collected.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
