import { Queue, QueueEvents } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../errors';
import {
  CANCEL_MARKER_TTL_SECONDS,
  CANCELLED_MESSAGE,
  cancelChannel,
  cancelKey,
  compareStreamIds,
  DEFAULT_PREFIX,
  parseCancelMarker,
  redisOptionsFromUrl,
  statusFromJob,
  toProgress,
  type TCancelMarker,
  type TCancelMessage,
} from './bullmq-shared';
import { EventChannel } from './channel';
import {
  assertJobId,
  assertUniqueJobs,
  errorMessage,
  parseEnqueueInput,
  unknownJobError,
} from './define-job';
import {
  isTerminal,
  type JobDefinition,
  type JobQueue,
  type TEnqueueOptions,
  type TJobStatus,
} from './types';

export type TBullMQQueueOptions = {
  redisUrl: string;
  jobs: JobDefinition[];
  logger: Logger;
  /** Redis key prefix; queues and workers must use the same one (default 'shipyard'). */
  prefix?: string;
  /** How long finished jobs stay readable by getStatus (defaults: 1000 per queue / 24 h completed, 7 days failed). */
  retainFinished?: { count?: number; completedAgeMs?: number; failedAgeMs?: number };
};

// Events after which the job's state must be read again.
const STATE_EVENTS = [
  'added',
  'waiting',
  'active',
  'delayed',
  'completed',
  'failed',
  'removed',
  'stalled',
  'retries-exhausted',
];

type TWatchSignal = { event: string; streamId: string; data?: unknown };

/**
 * One QueueEvents (one blocking Redis connection) per job name, shared by every watcher in this
 * process and closed when the last watcher leaves.
 */
class EventsHub {
  private readonly hubs = new Map<string, { refs: number; events: Promise<QueueEvents> }>();

  constructor(
    private readonly client: Redis,
    private readonly connection: RedisOptions,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  /** A shared QueueEvents for the queue; call `release` exactly when the watcher is done. */
  acquire(queue: Queue): { events: Promise<QueueEvents>; release(): void } {
    const name = queue.name;
    let hub = this.hubs.get(name);
    if (!hub) {
      const events = lastStreamId(this.client, queue).then((lastEventId) => {
        // Start reading right after the newest event that existed before anyone subscribed.
        const queueEvents = new QueueEvents(name, {
          connection: this.connection,
          prefix: this.prefix,
          lastEventId,
        });
        queueEvents.setMaxListeners(0);
        queueEvents.on('error', (err) =>
          this.logger.warn({ err: errorMessage(err), queue: name }, 'job events stream error'),
        );
        return queueEvents;
      });
      const created = { refs: 0, events };
      // A failed start (Redis down) must not stay cached for later watchers.
      events.catch(() => {
        if (this.hubs.get(name) === created) this.hubs.delete(name);
      });
      hub = created;
      this.hubs.set(name, hub);
    }
    const held = hub;
    held.refs += 1;
    let released = false;
    return {
      events: held.events,
      release: () => {
        if (released) return;
        released = true;
        held.refs -= 1;
        if (held.refs > 0) return;
        if (this.hubs.get(name) === held) this.hubs.delete(name);
        void held.events.then((events) => events.close()).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    const hubs = [...this.hubs.values()];
    this.hubs.clear();
    await Promise.allSettled(hubs.map(async (hub) => (await hub.events).close()));
  }
}

async function lastStreamId(client: Redis, queue: Queue): Promise<string> {
  const newest = await client.xrevrange(queue.keys.events as string, '+', '-', 'COUNT', 1);
  return newest[0]?.[0] ?? '0-0';
}

/**
 * The Redis-backed queue the host enqueues through. One BullMQ queue per job name; processors run
 * in `apps/worker` (see {@link startBullMQWorkers}). Status, watch and cancel work across processes.
 */
export function createBullMQQueue(opts: TBullMQQueueOptions): JobQueue {
  const logger = opts.logger.child({ component: 'jobs', driver: 'bullmq' });
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const connectionOptions = redisOptionsFromUrl(opts.redisUrl);
  // One connection for every producer Queue and our own commands. Commands fail after a few
  // retries instead of hanging while Redis is down.
  const client = new Redis({
    ...connectionOptions,
    maxRetriesPerRequest: 3,
    connectionName: 'shipyard:jobs:producer',
  });
  client.on('error', (err) =>
    logger.warn({ err: errorMessage(err) }, 'job queue Redis connection error'),
  );
  const retain = opts.retainFinished ?? {};
  const queues = new Map<string, Queue>();
  const defs = assertUniqueJobs(opts.jobs);
  for (const def of defs.values()) {
    const queue = new Queue(def.name, {
      connection: client,
      prefix,
      defaultJobOptions: {
        attempts: def.attempts,
        backoff: { type: 'exponential', delay: def.backoffMs },
        removeOnComplete: {
          age: Math.round((retain.completedAgeMs ?? 24 * 3600_000) / 1000),
          count: retain.count ?? 1000,
        },
        removeOnFail: {
          age: Math.round((retain.failedAgeMs ?? 7 * 24 * 3600_000) / 1000),
          count: retain.count ?? 1000,
        },
      },
    });
    queue.on('error', (err) =>
      logger.warn({ err: errorMessage(err), queue: def.name }, 'job queue error'),
    );
    queues.set(def.name, queue);
  }
  const hub = new EventsHub(
    client,
    { ...connectionOptions, connectionName: 'shipyard:jobs:events' },
    prefix,
    logger,
  );
  const openWatches = new Set<EventChannel<TWatchSignal>>();
  let closed = false;

  function queueFor(jobName: string): Queue {
    const queue = queues.get(jobName);
    if (!queue) throw unknownJobError(jobName, 'BullMQ');
    return queue;
  }

  async function readStatus(queue: Queue, id: string): Promise<TJobStatus | null> {
    // State first, then the job hash: the data read is never older than the state it is shown with.
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (job) return statusFromJob(job, queue.name, state);
    // A queued job removed by cancel() leaves a tombstone with its last status.
    const marker = parseCancelMarker(await client.get(cancelKey(prefix, queue.name, id)));
    return marker?.status ?? null;
  }

  function redisError(action: string, e: unknown): AppError {
    return new AppError(
      'INTERNAL',
      `Could not ${action}: Redis did not answer (${errorMessage(e)}). Check REDIS_URL and that Redis is running.`,
      {
        cause: e,
      },
    );
  }

  return {
    async enqueue<I extends z.ZodType, O>(
      def: JobDefinition<I, O>,
      input: z.input<I>,
      enqueueOpts: TEnqueueOptions = {},
    ) {
      if (closed) throw new AppError('BUSY', 'The job queue is shutting down; retry in a moment.');
      const queue = queueFor(def.name);
      parseEnqueueInput(defs.get(def.name) ?? def, input);
      if (enqueueOpts.jobId !== undefined) assertJobId(def.name, enqueueOpts.jobId);
      try {
        // With a jobId BullMQ adds nothing when the job exists, whatever its state: enqueue is idempotent.
        const job = await queue.add(def.name, input, {
          ...(enqueueOpts.jobId !== undefined ? { jobId: enqueueOpts.jobId } : {}),
          ...(enqueueOpts.delayMs ? { delay: enqueueOpts.delayMs } : {}),
        });
        return { id: String(job.id) };
      } catch (e) {
        throw redisError(`enqueue job "${def.name}"`, e);
      }
    },

    async getStatus(jobName, id) {
      const queue = queues.get(jobName);
      if (!queue) return null;
      return readStatus(queue, id);
    },

    watch(jobName, id, signal) {
      return {
        async *[Symbol.asyncIterator]() {
          const queue = queueFor(jobName);
          if (signal?.aborted || closed) return;
          const channel = new EventChannel<TWatchSignal>();
          openWatches.add(channel);
          const onAbort = () => channel.end();
          signal?.addEventListener('abort', onAbort, { once: true });
          const listeners: [string, (args: { data?: unknown }, streamId: string) => void][] = [];
          let events: QueueEvents | null = null;
          const subscription = hub.acquire(queue);
          try {
            events = await subscription.events;
            for (const event of [...STATE_EVENTS, 'progress']) {
              const listener = (args: { data?: unknown }, streamId: string) =>
                channel.push({ event, streamId, data: args.data });
              events.on(`${event}:${id}` as 'progress', listener as never);
              listeners.push([`${event}:${id}`, listener]);
            }
            // Subscribed first, then read: anything newer than `seen` arrives as an event, nothing is missed.
            const seen = await lastStreamId(client, queue);
            let status = await readStatus(queue, id);
            if (!status) {
              throw new AppError(
                'NOT_FOUND',
                `Job "${id}" (${jobName}) was not found; it may have finished long ago.`,
              );
            }
            if (channel.isEnded) return;
            yield { type: 'state', status };
            if (isTerminal(status.state)) return;
            for (;;) {
              const next = await channel.next();
              if (next.done) return;
              if (compareStreamIds(next.value.streamId, seen) <= 0) continue;
              if (next.value.event === 'progress') {
                status = { ...status, progress: toProgress(next.value.data) };
                yield { type: 'progress', status };
                continue;
              }
              const fresh = await readStatus(queue, id);
              if (channel.isEnded) return;
              if (!fresh) return; // removed by someone else: nothing more will happen
              if (fresh.state !== status.state || fresh.attempt !== status.attempt) {
                status = fresh;
                yield { type: 'state', status };
              }
              if (isTerminal(status.state)) return;
            }
          } finally {
            signal?.removeEventListener('abort', onAbort);
            openWatches.delete(channel);
            if (events)
              for (const [name, listener] of listeners)
                events.off(name as 'progress', listener as never);
            subscription.release();
          }
        },
      };
    },

    async cancel(jobName, id) {
      const queue = queues.get(jobName);
      if (!queue) return false;
      const job = await queue.getJob(id);
      if (!job) return false;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return false;
      const status = statusFromJob(job, jobName, state);
      const marker: TCancelMarker = {
        jobCreatedAt: job.timestamp,
        status: { ...status, state: 'cancelled', error: CANCELLED_MESSAGE, finishedAt: Date.now() },
      };
      // Written before anything else: a worker that picks the job up from now on sees it and stops.
      await client.set(
        cancelKey(prefix, jobName, id),
        JSON.stringify(marker),
        'EX',
        CANCEL_MARKER_TTL_SECONDS,
      );
      if (state !== 'active') {
        try {
          await job.remove();
          return true;
        } catch (e) {
          // Locked: a worker took it meanwhile; abort it there instead.
          logger.debug(
            { err: errorMessage(e), job: jobName, jobId: id },
            'queued job became active during cancel',
          );
        }
      }
      const message: TCancelMessage = { name: jobName, id };
      await client.publish(cancelChannel(prefix), JSON.stringify(message));
      return true;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const channel of openWatches) channel.end();
      await hub.close();
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      await client.quit().catch(() => client.disconnect());
    },
  };
}
