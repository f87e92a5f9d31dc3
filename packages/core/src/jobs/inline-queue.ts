import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../errors';
import { EventChannel } from './channel';
import {
  assertJobId,
  assertUniqueJobs,
  backoffDelay,
  errorMessage,
  parseEnqueueInput,
  UnrecoverableJobError,
  unknownJobError,
} from './define-job';
import { JobCancelledError, runAttempt, WorkerShutdownError } from './run-attempt';
import {
  isTerminal,
  type JobDefinition,
  type JobQueue,
  type TEnqueueOptions,
  type TJobEvent,
  type TJobState,
  type TJobStatus,
} from './types';

export type TInlineQueueOptions = {
  jobs: JobDefinition[];
  logger: Logger;
  /** Parallel runs per job name when the definition sets no `concurrency` (default 1). */
  concurrency?: number;
  /** Finished jobs are forgotten after `count` newer ones finished or after `ageMs` (defaults 1000 and 1 hour). */
  retainFinished?: { count?: number; ageMs?: number };
};

type TInlineJob = {
  def: JobDefinition;
  id: string;
  rawInput: unknown;
  status: TJobStatus;
  failures: number;
  timer: NodeJS.Timeout | null;
  stop: AbortController | null;
  listeners: Set<(event: TJobEvent) => void>;
};

type TLane = {
  def: JobDefinition;
  limit: number;
  active: number;
  ready: TInlineJob[];
  jobs: Map<string, TInlineJob>;
};

function snapshot(status: TJobStatus): TJobStatus {
  return structuredClone(status);
}

/**
 * Runs jobs in this process, with the same validation, retries, progress, status and cancel
 * semantics as the BullMQ driver. Used when there is no Redis. Jobs live in memory: a process
 * restart forgets queued jobs, and finished jobs are forgotten after `retainFinished`.
 */
export function createInlineQueue(opts: TInlineQueueOptions): JobQueue {
  const logger = opts.logger.child({ component: 'jobs', driver: 'inline' });
  const retainCount = opts.retainFinished?.count ?? 1000;
  const retainAgeMs = opts.retainFinished?.ageMs ?? 60 * 60 * 1000;
  const lanes = new Map<string, TLane>();
  for (const def of assertUniqueJobs(opts.jobs).values()) {
    lanes.set(def.name, {
      def,
      limit: def.concurrency ?? opts.concurrency ?? 1,
      active: 0,
      ready: [],
      jobs: new Map(),
    });
  }
  // Insertion-ordered, so the oldest finished job is evicted first.
  const finished = new Set<TInlineJob>();
  const running = new Set<Promise<void>>();
  let closed = false;

  function emit(job: TInlineJob, type: TJobEvent['type']): void {
    for (const listener of job.listeners) listener({ type, status: snapshot(job.status) });
  }

  function evict(): void {
    const cutoff = Date.now() - retainAgeMs;
    for (const job of finished) {
      if (finished.size <= retainCount && (job.status.finishedAt ?? 0) >= cutoff) break;
      finished.delete(job);
      lanes.get(job.def.name)?.jobs.delete(job.id);
    }
  }

  function finish(
    job: TInlineJob,
    state: TJobState,
    extra: { result?: unknown; error?: string },
  ): void {
    job.status = { ...job.status, state, finishedAt: Date.now(), ...extra };
    emit(job, 'state');
    finished.add(job);
    evict();
  }

  function schedulePump(lane: TLane): void {
    // Deferred so enqueue returns while the job is still 'queued', as with Redis.
    setImmediate(() => pump(lane));
  }

  function pump(lane: TLane): void {
    while (!closed && lane.active < lane.limit && lane.ready.length > 0) {
      const job = lane.ready.shift();
      if (!job || job.status.state !== 'queued') continue;
      lane.active += 1;
      const run = execute(job).finally(() => {
        lane.active -= 1;
        running.delete(run);
        pump(lane);
      });
      running.add(run);
    }
  }

  async function execute(job: TInlineJob): Promise<void> {
    const { def } = job;
    const attempt = job.status.attempt + 1;
    const stop = new AbortController();
    job.stop = stop;
    job.status = { ...job.status, state: 'active', attempt };
    emit(job, 'state');
    const jobLogger = logger.child({ job: def.name, jobId: job.id, attempt });
    try {
      const result = await runAttempt({
        def,
        rawInput: job.rawInput,
        jobId: job.id,
        attempt,
        logger: jobLogger,
        stop: stop.signal,
        progress: async (progress) => {
          if (job.stop !== stop) return;
          job.status = { ...job.status, progress };
          emit(job, 'progress');
        },
      });
      finish(job, 'completed', { result });
    } catch (e) {
      if (e instanceof JobCancelledError) {
        finish(job, 'cancelled', { error: e.message });
        return;
      }
      if (e instanceof WorkerShutdownError) {
        finish(job, 'failed', {
          error: 'The process shut down before the job finished; enqueue it again.',
        });
        return;
      }
      job.failures += 1;
      const message = errorMessage(e);
      if (UnrecoverableJobError.is(e) || job.failures >= def.attempts) {
        jobLogger.error({ err: e }, 'job failed');
        finish(job, 'failed', { error: message });
        return;
      }
      const delay = backoffDelay(def.backoffMs, job.failures);
      jobLogger.warn({ err: e, retryInMs: delay }, 'job attempt failed; retrying');
      job.status = { ...job.status, state: 'queued' };
      emit(job, 'state');
      job.timer = setTimeout(() => makeReady(job), delay);
    } finally {
      job.stop = null;
    }
  }

  function makeReady(job: TInlineJob): void {
    job.timer = null;
    const lane = lanes.get(job.def.name);
    if (!lane || closed) return;
    lane.ready.push(job);
    schedulePump(lane);
  }

  function find(jobName: string, id: string): TInlineJob | undefined {
    evict();
    return lanes.get(jobName)?.jobs.get(id);
  }

  return {
    async enqueue<I extends z.ZodType, O>(
      def: JobDefinition<I, O>,
      input: z.input<I>,
      enqueueOpts: TEnqueueOptions = {},
    ) {
      if (closed) throw new AppError('BUSY', 'The job queue is shutting down; retry in a moment.');
      const lane = lanes.get(def.name);
      if (!lane) throw unknownJobError(def.name, 'inline');
      parseEnqueueInput(lane.def, input);
      if (enqueueOpts.jobId !== undefined) {
        assertJobId(def.name, enqueueOpts.jobId);
        if (find(def.name, enqueueOpts.jobId)) return { id: enqueueOpts.jobId };
      }
      const id = enqueueOpts.jobId ?? randomUUID();
      const job: TInlineJob = {
        def: lane.def,
        id,
        rawInput: JSON.parse(JSON.stringify(input)) as unknown,
        status: {
          id,
          name: def.name,
          state: 'queued',
          attempt: 0,
          progress: null,
          createdAt: Date.now(),
        },
        failures: 0,
        timer: null,
        stop: null,
        listeners: new Set(),
      };
      lane.jobs.set(id, job);
      const delayMs = enqueueOpts.delayMs ?? 0;
      if (delayMs > 0) job.timer = setTimeout(() => makeReady(job), delayMs);
      else makeReady(job);
      return { id };
    },

    async getStatus(jobName, id) {
      const job = find(jobName, id);
      return job ? snapshot(job.status) : null;
    },

    watch(jobName, id, signal) {
      return {
        async *[Symbol.asyncIterator]() {
          const job = find(jobName, id);
          if (!job) {
            throw new AppError(
              'NOT_FOUND',
              `Job "${id}" (${jobName}) was not found; it may have finished long ago.`,
            );
          }
          if (signal?.aborted) return;
          const channel = new EventChannel<TJobEvent>();
          const listener = (event: TJobEvent) => channel.push(event);
          const onAbort = () => channel.end();
          job.listeners.add(listener);
          signal?.addEventListener('abort', onAbort, { once: true });
          try {
            const first = snapshot(job.status);
            yield { type: 'state', status: first };
            if (isTerminal(first.state)) return;
            for (;;) {
              const next = await channel.next();
              if (next.done) return;
              yield next.value;
              if (isTerminal(next.value.status.state)) return;
            }
          } finally {
            job.listeners.delete(listener);
            signal?.removeEventListener('abort', onAbort);
          }
        },
      };
    },

    async cancel(jobName, id) {
      const job = find(jobName, id);
      if (!job || isTerminal(job.status.state)) return false;
      if (job.stop) {
        job.stop.abort(new JobCancelledError());
        return true;
      }
      if (job.timer) clearTimeout(job.timer);
      job.timer = null;
      const lane = lanes.get(jobName);
      if (lane) lane.ready = lane.ready.filter((j) => j !== job);
      finish(job, 'cancelled', { error: 'Job was cancelled.' });
      return true;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const lane of lanes.values()) {
        for (const job of lane.jobs.values()) {
          if (job.stop) job.stop.abort(new WorkerShutdownError());
          else if (job.status.state === 'queued') {
            if (job.timer) clearTimeout(job.timer);
            job.timer = null;
            finish(job, 'failed', {
              error: 'The process shut down before the job ran; enqueue it again.',
            });
          }
        }
        lane.ready = [];
      }
      await Promise.allSettled([...running]);
    },
  };
}
