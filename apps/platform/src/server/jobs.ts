import type { Logger } from '@shipyard/core';
import { createBullMQQueue, createInlineQueue, type JobDefinition, type JobQueue } from '@shipyard/core/jobs';

/**
 * The job definitions the platform enqueues. Each package mounted in routers/app.ts adds its jobs
 * here (e.g. `...editorJobs`), and apps/worker registers the same definitions with BullMQ.
 */
export const platformJobs: JobDefinition[] = [];

export type TPlatformQueue = { queue: JobQueue; driver: 'inline' | 'bullmq' };

/**
 * Without REDIS_URL the processors run in this process (inline driver); with it, jobs go to
 * BullMQ and apps/worker processes run them. Created once per process by getPlatform().
 */
export function createPlatformQueue(opts: { redisUrl: string | null; logger: Logger; jobs?: JobDefinition[] }): TPlatformQueue {
  const jobs = opts.jobs ?? platformJobs;
  const logger = opts.logger.child({ component: 'jobs' });
  if (opts.redisUrl) {
    return { driver: 'bullmq', queue: createBullMQQueue({ redisUrl: opts.redisUrl, jobs, logger }) };
  }
  return { driver: 'inline', queue: createInlineQueue({ jobs, logger }) };
}
