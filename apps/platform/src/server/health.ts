import type { Redis } from 'ioredis';
import type { TPlatformDb } from './db';

export type THealthReport = {
  /** `ok` when everything required answers; otherwise `error` (served with HTTP 503). */
  status: 'ok' | 'error';
  database: { ok: boolean; latencyMs: number; error?: string };
  /** `'not configured'` without REDIS_URL (jobs inline, limits in memory). */
  redis: { ok: boolean; latencyMs: number; error?: string } | 'not configured';
  queue: { driver: 'inline' | 'bullmq'; ok: boolean };
};

const TIMEOUT_MS = 2000;

async function timed(probe: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : 'unknown error',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes the database and (when configured) Redis; the BullMQ queue is as healthy as Redis. */
export async function checkHealth(deps: {
  db: TPlatformDb;
  redis: Redis | null;
  queueDriver: 'inline' | 'bullmq';
}): Promise<THealthReport> {
  const [database, redis] = await Promise.all([
    timed(() => deps.db.$queryRawUnsafe('SELECT 1')),
    deps.redis ? timed(() => deps.redis!.ping()) : Promise.resolve('not configured' as const),
  ]);
  const redisOk = redis === 'not configured' ? true : redis.ok;
  const queue = { driver: deps.queueDriver, ok: deps.queueDriver === 'inline' ? true : redisOk };
  return { status: database.ok && redisOk && queue.ok ? 'ok' : 'error', database, redis, queue };
}
