import type { Logger } from '@shipyard/core';
import { type JobDefinition, startBullMQWorkers, type TBullMQWorkers } from '@shipyard/core/jobs';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { TWorkerEnv } from './env';
import { healthReport, startHttpServer, type TWorkerPhase } from './http-server';
import { createWorkerMetrics } from './metrics';
import { migrateOnBoot } from './migrate';
import { packageDatabases, registeredJobs, type TPackageDatabase } from './registry';

export type TRunningWorker = {
  port: number;
  readonly phase: TWorkerPhase;
  /** Stops taking jobs, waits up to the grace period for active ones, returns the rest to the queue, closes everything. */
  shutdown(reason: string): Promise<void>;
};

/** host:port of a Redis URL, for logs (never the password). */
function redisLabel(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Boots the worker: HTTP server first (so /healthz answers 503 while Redis is unreachable), then
 * pending migrations, then one BullMQ worker per registered job.
 */
export async function runWorker(
  env: TWorkerEnv,
  logger: Logger,
  jobs: JobDefinition[] = registeredJobs,
  databases: TPackageDatabase[] = packageDatabases(),
  onClose: () => Promise<void> = async () => {},
): Promise<TRunningWorker> {
  const queueNames = jobs.map((job) => job.name);
  const unknown = Object.keys(env.concurrency).filter((name) => !queueNames.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `WORKER_CONCURRENCY names queue(s) this worker does not run: ${unknown.join(', ')}. Registered queues: ${queueNames.join(', ')}.`,
    );
  }

  // Health checks and metrics fail fast while Redis is down instead of queueing commands.
  const redis = new Redis(env.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectionName: 'shipyard:worker:health',
  });
  let redisDown = false;
  redis.on('error', (err) => {
    if (!redisDown)
      logger.warn(
        { err: err.message, redis: redisLabel(env.redisUrl) },
        'Redis unreachable; retrying',
      );
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('Redis reachable again');
    redisDown = false;
  });

  let phase: TWorkerPhase = 'starting';
  let workers: readonly Worker[] = [];
  const metrics = createWorkerMetrics({ queueNames, redis, prefix: env.jobsPrefix, logger });
  const http = await startHttpServer({
    port: env.port,
    logger,
    health: () => healthReport({ phase, redis, workers }),
    metrics: metrics.registry,
  });
  logger.info({ port: http.port }, 'health and metrics listening (/healthz, /metrics)');

  let handle: TBullMQWorkers | null = null;
  let shuttingDown: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    shuttingDown ??= (async () => {
      phase = 'shutting-down';
      logger.info(
        { reason, graceMs: env.shutdownGraceMs },
        'shutting down: no new jobs; waiting for active ones',
      );
      await handle?.close({ graceMs: env.shutdownGraceMs });
      await metrics.close();
      await http.close();
      await redis.quit().catch(() => redis.disconnect());
      await onClose().catch((err: unknown) => logger.warn({ err }, 'closing package services failed'));
      logger.info('worker stopped');
    })();
    return shuttingDown;
  };

  try {
    await migrateOnBoot(databases, logger);
    handle = await startBullMQWorkers({
      redisUrl: env.redisUrl,
      prefix: env.jobsPrefix,
      jobs,
      logger,
      concurrency: env.concurrency,
      lockDurationMs: env.lockDurationMs,
      stalledIntervalMs: env.stalledIntervalMs,
      shutdownGraceMs: env.shutdownGraceMs,
      onEvent: metrics.onEvent,
    });
  } catch (err) {
    await shutdown('startup failed').catch(() => undefined);
    throw err;
  }
  workers = handle.workers;
  if (!shuttingDown) phase = 'running';
  logger.info(
    {
      redis: redisLabel(env.redisUrl),
      prefix: env.jobsPrefix,
      queues: workers.map((w) => `${w.name}×${w.concurrency}`),
    },
    'worker ready',
  );
  return {
    port: http.port,
    get phase() {
      return phase;
    },
    shutdown,
  };
}
