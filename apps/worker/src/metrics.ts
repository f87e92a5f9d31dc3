import type { Logger } from '@shipyard/core';
import type { TWorkerEvent } from '@shipyard/core/jobs';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export type TWorkerMetrics = {
  registry: Registry;
  /** Pass to startBullMQWorkers' onEvent. */
  onEvent(e: TWorkerEvent): void;
  close(): Promise<void>;
};

/**
 * Prometheus metrics of this worker: queue depth (read from Redis on every scrape), job durations,
 * completions and failures, plus Node's process metrics.
 */
export function createWorkerMetrics(opts: {
  queueNames: string[];
  redis: Redis;
  prefix: string;
  logger: Logger;
}): TWorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Shares the caller's connection: one read per queue per scrape.
  const queues = opts.queueNames.map(
    (name) => new Queue(name, { connection: opts.redis, prefix: opts.prefix }),
  );

  // One Redis read per scrape: the gauges below share the read in flight.
  let inFlight: Promise<Record<string, number>[] | null> | null = null;
  const readDepths = () => {
    inFlight ??= Promise.all(queues.map((queue) => queue.getJobCounts(...DEPTH_STATES)))
      .catch((err: unknown) => {
        opts.logger.warn(
          { err: err instanceof Error ? err.message : err },
          'could not read queue depths for /metrics',
        );
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  new Gauge({
    name: 'shipyard_worker_redis_up',
    help: '1 when this scrape could read queue depths from Redis, else 0.',
    registers: [registry],
    async collect() {
      this.set((await readDepths()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'shipyard_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, failed), read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await readDepths();
      if (!counts) return;
      queues.forEach((queue, i) => {
        for (const state of DEPTH_STATES)
          this.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
      });
    },
  });
  const duration = new Histogram({
    name: 'shipyard_job_duration_seconds',
    help: 'Duration of job attempts by outcome (completed, failed, retried, cancelled).',
    labelNames: ['queue', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const completed = new Counter({
    name: 'shipyard_jobs_completed_total',
    help: 'Jobs completed by this worker.',
    labelNames: ['queue'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'shipyard_job_failures_total',
    help: 'Failed attempts; final="true" when the job failed for good, "false" when it went back to the queue (retry or shutdown).',
    labelNames: ['queue', 'final'],
    registers: [registry],
  });
  const cancelled = new Counter({
    name: 'shipyard_jobs_cancelled_total',
    help: 'Active jobs stopped by a cancel request.',
    labelNames: ['queue'],
    registers: [registry],
  });
  for (const queue of opts.queueNames) {
    // Present from the first scrape, so rate() works before the first event.
    completed.inc({ queue }, 0);
    failures.inc({ queue, final: 'true' }, 0);
    failures.inc({ queue, final: 'false' }, 0);
    cancelled.inc({ queue }, 0);
  }

  return {
    registry,
    onEvent(e) {
      if (e.state === 'active' || e.durationMs === undefined) return;
      const seconds = e.durationMs / 1000;
      switch (e.state) {
        case 'completed':
          completed.inc({ queue: e.job });
          duration.observe({ queue: e.job, outcome: 'completed' }, seconds);
          break;
        case 'failed':
          failures.inc({ queue: e.job, final: 'true' });
          duration.observe({ queue: e.job, outcome: 'failed' }, seconds);
          break;
        case 'queued':
          failures.inc({ queue: e.job, final: 'false' });
          duration.observe({ queue: e.job, outcome: 'retried' }, seconds);
          break;
        case 'cancelled':
          cancelled.inc({ queue: e.job });
          duration.observe({ queue: e.job, outcome: 'cancelled' }, seconds);
          break;
      }
    },
    async close() {
      await Promise.allSettled(queues.map((queue) => queue.close()));
    },
  };
}
