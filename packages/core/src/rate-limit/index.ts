import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from '../errors';

export type TRateLimiterOptions = {
  /** Shared store; without it the limits are per process (fine for one process and for tests). */
  redis?: Redis | null;
  /** Namespace for the keys, e.g. `login:ip`. Limiters with different rules need different prefixes. */
  keyPrefix: string;
  /** How many points a key may consume per window. */
  points: number;
  durationSeconds: number;
  /** Once the limit is hit, keep the key blocked this long (default: until the window ends). */
  blockSeconds?: number;
};

export type TRateLimitResult = {
  allowed: boolean;
  /** Points left in the current window. */
  remaining: number;
  /** 0 when allowed; otherwise how long until the key may try again. */
  retryAfterMs: number;
};

export interface RateLimiter {
  /** Takes `points` (default 1) for `key`. Never throws because the limit is reached: check `allowed`. */
  consume(key: string, points?: number): Promise<TRateLimitResult>;
  /** Forgets `key`, e.g. after a successful sign-in. */
  reset(key: string): Promise<void>;
}

function assertPositiveInteger(name: string, value: number | undefined): void {
  if (
    value !== undefined &&
    (!Number.isInteger(value) || value < 0 || (name !== 'blockSeconds' && value === 0))
  ) {
    throw new AppError(
      'INTERNAL',
      `createRateLimiter: ${name} must be ${name === 'blockSeconds' ? 'a whole number (0 or more)' : 'a positive whole number'}, got ${String(value)}.`,
    );
  }
}

const CONNECT_GRACE_MS = 1000;

/**
 * A client that is still connecting (a process that just started) gets a moment to become ready,
 * so its first requests are counted in Redis; a client that lost its connection does not wait.
 */
async function untilSettled(redis: Redis): Promise<void> {
  // lazyConnect clients only connect on their first command, which the limiter would never send.
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  if (redis.status !== 'connecting' && redis.status !== 'connect') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const event of ['ready', 'close', 'end']) redis.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, CONNECT_GRACE_MS);
    for (const event of ['ready', 'close', 'end']) redis.once(event, done);
  });
}

/**
 * A fixed-window limiter (rate-limiter-flexible). With `redis` the counters are shared by every
 * process; if Redis is unreachable, an in-memory limiter with the same rules takes over until it
 * is back, so an outage never turns into "everyone is blocked" or "no limits at all".
 */
export function createRateLimiter(opts: TRateLimiterOptions): RateLimiter {
  if (!opts.keyPrefix)
    throw new AppError('INTERNAL', 'createRateLimiter: keyPrefix must be a non-empty string.');
  assertPositiveInteger('points', opts.points);
  assertPositiveInteger('durationSeconds', opts.durationSeconds);
  assertPositiveInteger('blockSeconds', opts.blockSeconds);

  const rules = {
    keyPrefix: opts.keyPrefix,
    points: opts.points,
    duration: opts.durationSeconds,
    blockDuration: opts.blockSeconds ?? 0,
  };
  const limiter: RateLimiterAbstract = opts.redis
    ? new RateLimiterRedis({
        ...rules,
        storeClient: opts.redis,
        // Fail over at once when the connection is down, instead of waiting in ioredis' offline queue.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(rules),
      })
    : new RateLimiterMemory(rules);

  return {
    async consume(key, points = 1) {
      if (opts.redis) await untilSettled(opts.redis);
      try {
        const res = await limiter.consume(key, points);
        return { allowed: true, remaining: res.remainingPoints, retryAfterMs: 0 };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return {
            allowed: false,
            remaining: rejection.remainingPoints,
            retryAfterMs: Math.max(1, rejection.msBeforeNext),
          };
        }
        throw rejection;
      }
    },
    async reset(key) {
      if (opts.redis) await untilSettled(opts.redis);
      await limiter.delete(key);
    },
  };
}

/** The error to throw when a limit is hit: says when to try again, and carries `details.retryAfterMs`. */
export function rateLimitedError(retryAfterMs: number, what = 'Too many attempts'): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait =
    seconds < 120
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError('RATE_LIMITED', `${what}. Try again in ${wait}.`, {
    details: { retryAfterMs },
  });
}
