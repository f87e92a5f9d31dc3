import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../src/rate-limit';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runPrefix = `shipyard-test:${randomUUID()}`;

describe('createRateLimiter with Redis', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${runPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('allows N requests, then blocks with a retry delay, and stores the counter in Redis', async () => {
    const limiter = createRateLimiter({
      redis,
      keyPrefix: `${runPrefix}:login`,
      points: 5,
      durationSeconds: 30,
    });
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await limiter.consume('user@example.com'));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results[4]!.remaining).toBe(0);
    expect(results[5]!.retryAfterMs).toBeGreaterThan(0);
    expect(results[5]!.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(Number(await redis.get(`${runPrefix}:login:user@example.com`))).toBe(6);
  });

  it('shares counters between limiters (i.e. between processes) with the same prefix', async () => {
    // A client that has not connected yet (lazyConnect) must still count in Redis, not in memory.
    const other = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      const a = createRateLimiter({
        redis,
        keyPrefix: `${runPrefix}:shared`,
        points: 2,
        durationSeconds: 30,
      });
      const b = createRateLimiter({
        redis: other,
        keyPrefix: `${runPrefix}:shared`,
        points: 2,
        durationSeconds: 30,
      });
      expect((await a.consume('ip')).allowed).toBe(true);
      expect((await b.consume('ip')).allowed).toBe(true);
      expect((await a.consume('ip')).allowed).toBe(false);
      await b.reset('ip');
      expect((await a.consume('ip')).allowed).toBe(true);
    } finally {
      await other.quit();
    }
  });

  it('falls back to memory limits when Redis is unreachable, instead of throwing', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => {});
    try {
      const limiter = createRateLimiter({
        redis: down,
        keyPrefix: `${runPrefix}:down`,
        points: 2,
        durationSeconds: 30,
      });
      const results = [];
      for (let i = 0; i < 3; i += 1) results.push(await limiter.consume('ip'));
      expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
      expect(results[2]!.retryAfterMs).toBeGreaterThan(0);
    } finally {
      down.disconnect();
    }
  });
});
