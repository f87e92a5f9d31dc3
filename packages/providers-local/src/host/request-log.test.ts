import { describe, expect, it } from 'vitest';
import { RingBuffer } from './request-log.js';

describe('RingBuffer', () => {
  it('keeps the newest entries, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.last()).toEqual([]);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.last()).toEqual([3, 4, 5]);
    expect(ring.last(2)).toEqual([4, 5]);
    expect(ring.last(10)).toEqual([3, 4, 5]);
  });
});
