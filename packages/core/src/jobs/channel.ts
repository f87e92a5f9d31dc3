/** A push-to-pull buffer: producers `push` from callbacks, one consumer awaits `next`. */
export class EventChannel<T> {
  private readonly buffer: T[] = [];
  private waiter: ((result: IteratorResult<T, undefined>) => void) | null = null;
  private ended = false;

  push(value: T): void {
    if (this.ended) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  /** Ends the stream; values already pushed are dropped, the consumer sees `done`. */
  end(): void {
    this.ended = true;
    this.buffer.length = 0;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value: undefined, done: true });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const value = this.buffer.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}
