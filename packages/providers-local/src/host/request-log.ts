/** Fixed-size ring buffer: the newest `capacity` entries, oldest first. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The newest `limit` entries, oldest first. */
  last(limit = this.capacity): T[] {
    const n = Math.max(0, Math.min(limit, this.count));
    const out: T[] = [];
    for (let i = n; i > 0; i--) out.push(this.items[(this.next - i + this.capacity) % this.capacity] as T);
    return out;
  }
}
