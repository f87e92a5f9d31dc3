import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimitedError } from './index';

describe('createRateLimiter (in memory)', () => {
  it('allows N requests per window, then blocks with a retry delay', async () => {
    const limiter = createRateLimiter({ keyPrefix: 'test:login', points: 3, durationSeconds: 60 });
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await limiter.consume('1.2.3.4'));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[0]!.retryAfterMs).toBe(0);
    expect(results[3]!.retryAfterMs).toBeGreaterThan(55_000);
    expect(results[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('counts keys separately and forgets a key on reset', async () => {
    const limiter = createRateLimiter({ keyPrefix: 'test:reset', points: 1, durationSeconds: 60 });
    expect((await limiter.consume('alice')).allowed).toBe(true);
    expect((await limiter.consume('alice')).allowed).toBe(false);
    expect((await limiter.consume('bob')).allowed).toBe(true);
    await limiter.reset('alice');
    expect((await limiter.consume('alice')).allowed).toBe(true);
  });

  it('consumes several points at once', async () => {
    const limiter = createRateLimiter({
      keyPrefix: 'test:points',
      points: 10,
      durationSeconds: 60,
    });
    expect(await limiter.consume('k', 7)).toEqual({ allowed: true, remaining: 3, retryAfterMs: 0 });
    expect((await limiter.consume('k', 4)).allowed).toBe(false);
  });

  it('keeps a key blocked for blockSeconds after the limit is hit', async () => {
    const limiter = createRateLimiter({
      keyPrefix: 'test:block',
      points: 1,
      durationSeconds: 1,
      blockSeconds: 600,
    });
    await limiter.consume('k');
    const blocked = await limiter.consume('k');
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfterMs).toBeGreaterThan(590_000);
  });

  it('opens again when the window ends', async () => {
    const limiter = createRateLimiter({ keyPrefix: 'test:window', points: 1, durationSeconds: 1 });
    await limiter.consume('k');
    const blocked = await limiter.consume('k');
    expect(blocked.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, blocked.retryAfterMs + 50));
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('rejects nonsensical options', () => {
    expect(() => createRateLimiter({ keyPrefix: '', points: 1, durationSeconds: 1 })).toThrow(
      /keyPrefix/,
    );
    expect(() => createRateLimiter({ keyPrefix: 'x', points: 0, durationSeconds: 1 })).toThrow(
      /points must be a positive whole number/,
    );
    expect(() => createRateLimiter({ keyPrefix: 'x', points: 1, durationSeconds: 1.5 })).toThrow(
      /durationSeconds/,
    );
  });
});

describe('rateLimitedError', () => {
  it('says when to try again and carries retryAfterMs', () => {
    const error = rateLimitedError(4200, 'Too many sign-in attempts');
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe('Too many sign-in attempts. Try again in 5 seconds.');
    expect(error.details).toEqual({ retryAfterMs: 4200 });
    expect(rateLimitedError(900_000).message).toBe('Too many attempts. Try again in 15 minutes.');
  });
});
