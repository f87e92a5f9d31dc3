import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  CANCEL_SIGNAL_REASON,
  CANCELLED_FAILED_REASON,
  cancelChannel,
  cancelKey,
  DEFAULT_PREFIX,
  parseCancelMarker,
  redisOptionsFromUrl,
  SHUTDOWN_SIGNAL_REASON,
  type TCancelMessage,
} from './bullmq-shared';
import { assertUniqueJobs, errorMessage, UnrecoverableJobError } from './define-job';
import { JobCancelledError, runAttempt, WorkerShutdownError } from './run-attempt';
import type { JobDefinition, TJobState } from './types';

export type TWorkerEvent = { job: string; state: TJobState; durationMs?: number };

export type TBullMQWorkersOptions = {
  redisUrl: string;
  jobs: JobDefinition[];
  logger: Logger;
  prefix?: string;
  /** Per job name; overrides the definition's `concurrency` (default 1). */
  concurrency?: Record<string, number>;
  /**
   * Called when an attempt starts ('active') and ends: 'completed', 'failed' (final), 'cancelled',
   * or 'queued' (the attempt failed and will be retried, or the worker returned it on shutdown).
   */
  onEvent?: (e: TWorkerEvent) => void;
  /** Lock held while a job runs; a worker that dies loses it after this long (default 30 s). */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died (default 30 s). */
  stalledIntervalMs?: number;
  /** Times a job may be recovered from a dead worker before it is failed (default 2). */
  maxStalledCount?: number;
  /** How long close() lets active jobs finish before returning them to the queue (default 30 s). */
  shutdownGraceMs?: number;
};

export type TBullMQWorkers = {
  /**
   * Stops taking jobs, lets active ones finish for up to `graceMs`, then aborts the rest and
   * returns them to the queue, and closes every connection.
   */
  close(opts?: { graceMs?: number }): Promise<void>;
  workers: Worker[];
};

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  return Promise.race([promise.then((value) => ({ done: true as const, value })), timeout]).finally(
    () => clearTimeout(timer),
  );
}

/**
 * Runs the given job definitions on BullMQ workers: one Worker per job name, retries with
 * exponential backoff, cancellation across processes, stalled-job recovery for killed workers.
 */
export async function startBullMQWorkers(opts: TBullMQWorkersOptions): Promise<TBullMQWorkers> {
  const logger = opts.logger.child({ component: 'jobs', driver: 'bullmq' });
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const connectionOptions = redisOptionsFromUrl(opts.redisUrl);
  const defs = assertUniqueJobs(opts.jobs);
  for (const name of Object.keys(opts.concurrency ?? {})) {
    if (!defs.has(name)) {
      throw new Error(
        `Concurrency is configured for "${name}", but no job with that name is registered. Registered: ${[...defs.keys()].join(', ') || 'none'}.`,
      );
    }
  }
  // Workers share one command connection (each also opens its own blocking connection).
  const connection = new Redis({
    ...connectionOptions,
    maxRetriesPerRequest: null,
    connectionName: 'shipyard:jobs:worker',
  });
  const subscriber = new Redis({
    ...connectionOptions,
    maxRetriesPerRequest: null,
    connectionName: 'shipyard:jobs:cancel',
  });
  for (const redis of [connection, subscriber]) {
    redis.on('error', (err) =>
      logger.warn({ err: errorMessage(err) }, 'worker Redis connection error'),
    );
  }
  const emit = (e: TWorkerEvent) => {
    try {
      opts.onEvent?.(e);
    } catch (err) {
      logger.warn({ err }, 'onEvent callback threw');
    }
  };

  async function cancelRequested(job: Job, jobName: string): Promise<boolean> {
    const marker = parseCancelMarker(
      await connection.get(cancelKey(prefix, jobName, String(job.id))),
    );
    // A marker left by an earlier job with the same custom id does not apply to this one.
    return marker !== null && marker.jobCreatedAt === job.timestamp;
  }

  function processorFor(def: JobDefinition) {
    // Three declared parameters: BullMQ passes the abort signal only to processors that accept it.
    return async (
      job: Job,
      token: string | undefined,
      signal: AbortSignal | undefined,
    ): Promise<unknown> => {
      const jobId = String(job.id);
      const attempt = Math.max(1, job.attemptsStarted);
      const jobLogger = logger.child({ job: def.name, jobId, attempt });
      const started = Date.now();
      emit({ job: def.name, state: 'active' });
      const stop = new AbortController();
      const onSignal = () =>
        stop.abort(
          signal?.reason === SHUTDOWN_SIGNAL_REASON
            ? new WorkerShutdownError()
            : new JobCancelledError(),
        );
      if (signal?.aborted) onSignal();
      else signal?.addEventListener('abort', onSignal, { once: true });
      try {
        if (await cancelRequested(job, def.name)) throw new JobCancelledError();
        const result = await runAttempt({
          def,
          rawInput: job.data,
          jobId,
          attempt,
          logger: jobLogger,
          stop: stop.signal,
          progress: async (progress) => {
            if (stop.signal.aborted) return;
            await job.updateProgress(progress);
            // Also polled here, in case the pub/sub message was lost during a reconnect.
            if (await cancelRequested(job, def.name)) stop.abort(new JobCancelledError());
          },
        });
        emit({ job: def.name, state: 'completed', durationMs: Date.now() - started });
        return result;
      } catch (e) {
        const durationMs = Date.now() - started;
        if (e instanceof JobCancelledError) {
          jobLogger.info('job cancelled');
          emit({ job: def.name, state: 'cancelled', durationMs });
          throw new UnrecoverableError(CANCELLED_FAILED_REASON);
        }
        if (e instanceof WorkerShutdownError) {
          jobLogger.warn('worker shutting down; job returned to the queue');
          try {
            await job.moveToWait(token);
          } catch (moveError) {
            // Lock already lost: stalled-job detection returns it to the queue instead.
            jobLogger.warn(
              { err: errorMessage(moveError) },
              'could not return the job to the queue',
            );
            throw e;
          }
          emit({ job: def.name, state: 'queued', durationMs });
          throw new WaitingError();
        }
        const final =
          UnrecoverableJobError.is(e) ||
          job.attemptsMade + 1 >= (job.opts.attempts ?? def.attempts);
        if (final) jobLogger.error({ err: e }, 'job failed');
        else jobLogger.warn({ err: e }, 'job attempt failed; it will be retried');
        emit({ job: def.name, state: final ? 'failed' : 'queued', durationMs });
        if (UnrecoverableJobError.is(e)) throw new UnrecoverableError(e.message);
        throw e;
      } finally {
        signal?.removeEventListener('abort', onSignal);
      }
    };
  }

  const workers = new Map<string, Worker>();
  for (const def of defs.values()) {
    const worker = new Worker(def.name, processorFor(def), {
      connection,
      prefix,
      concurrency: opts.concurrency?.[def.name] ?? def.concurrency ?? 1,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: opts.maxStalledCount ?? 2,
      autorun: false,
    });
    worker.on('error', (err) => logger.error({ err, queue: def.name }, 'worker error'));
    worker.on('stalled', (jobId) =>
      logger.warn(
        { queue: def.name, jobId },
        'job stalled (its worker died); returned to the queue',
      ),
    );
    workers.set(def.name, worker);
  }

  subscriber.on('message', (_channel, raw) => {
    try {
      const message = JSON.parse(raw) as TCancelMessage;
      if (workers.get(message.name)?.cancelJob(message.id, CANCEL_SIGNAL_REASON)) {
        logger.info({ job: message.name, jobId: message.id }, 'cancelling active job');
      }
    } catch (err) {
      logger.warn({ err }, 'ignored malformed cancel message');
    }
  });
  await subscriber.subscribe(cancelChannel(prefix));
  await Promise.all([...workers.values()].map((worker) => worker.waitUntilReady()));
  for (const worker of workers.values()) {
    worker.run().catch((err: unknown) => logger.error({ err }, 'worker stopped with an error'));
  }
  logger.info({ queues: [...workers.keys()], prefix }, 'job workers started');

  let closing: Promise<void> | null = null;
  return {
    workers: [...workers.values()],
    close(closeOpts) {
      closing ??= (async () => {
        const graceMs = closeOpts?.graceMs ?? opts.shutdownGraceMs ?? 30_000;
        const all = [...workers.values()];
        // worker.close() stops fetching and waits for active jobs.
        const closed = Promise.all(all.map((worker) => worker.close()));
        if (!(await withTimeout(closed, graceMs)).done) {
          logger.warn(
            { graceMs },
            'active jobs did not finish within the grace period; returning them to the queue',
          );
          for (const worker of all) worker.cancelAllJobs(SHUTDOWN_SIGNAL_REASON);
          if (!(await withTimeout(closed, 10_000)).done) {
            logger.error(
              'workers did not close; disconnecting (their jobs return to the queue when their locks expire)',
            );
          }
        }
        subscriber.disconnect();
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
