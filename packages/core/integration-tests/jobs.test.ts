import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors';
import {
  createBullMQQueue,
  createInlineQueue,
  startBullMQWorkers,
  type JobQueue,
  type TJobEvent,
  type TJobStatus,
} from '../src/jobs';
import { createLogger } from '../src/logger';
import {
  echoJob,
  flakyJob,
  noopJob,
  probe,
  slowJob,
  testJobs,
  timeoutJob,
  unrecoverableJob,
} from './fixtures/jobs-definitions';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

type TDriverHarness = {
  queue: JobQueue;
  /** Redis connections held by watchers (BullMQ QueueEvents); null for the inline driver. */
  eventConnections(): Promise<number | null>;
  stop(): Promise<void>;
};

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

const drivers: { name: string; start(): Promise<TDriverHarness> }[] = [
  {
    name: 'inline',
    async start() {
      const queue = createInlineQueue({ jobs: testJobs, logger });
      return { queue, eventConnections: async () => null, stop: () => queue.close() };
    },
  },
  {
    name: 'bullmq',
    async start() {
      const prefix = `shipyard-test-${randomUUID().slice(0, 8)}`;
      const admin = new Redis(REDIS_URL);
      const queue = createBullMQQueue({ redisUrl: REDIS_URL, jobs: testJobs, logger, prefix });
      const workers = await startBullMQWorkers({
        redisUrl: REDIS_URL,
        jobs: testJobs,
        logger,
        prefix,
      });
      return {
        queue,
        async eventConnections() {
          const clients = (await admin.client('LIST')) as string;
          return clients
            .split('\n')
            .filter((line) => line.includes(`name=${prefix}:`) && line.includes(':qe ')).length;
        },
        async stop() {
          await queue.close();
          await workers.close({ graceMs: 2_000 });
          await deleteKeys(admin, `${prefix}:*`);
          await admin.quit();
        },
      };
    },
  },
];

/** Every event of watch() until it ends; fails if it does not end within `timeoutMs`. */
async function watchAll(
  queue: JobQueue,
  name: string,
  id: string,
  timeoutMs = 15_000,
): Promise<TJobEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: TJobEvent[] = [];
  try {
    for await (const event of queue.watch(name, id, controller.signal)) events.push(event);
  } finally {
    clearTimeout(timer);
  }
  if (controller.signal.aborted) {
    throw new Error(
      `watch(${name}, ${id}) did not end within ${timeoutMs} ms; saw ${JSON.stringify(events.map((e) => e.status.state))}`,
    );
  }
  return events;
}

async function waitForStatus(
  queue: JobQueue,
  name: string,
  id: string,
  predicate: (s: TJobStatus) => boolean,
  timeoutMs = 10_000,
): Promise<TJobStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: TJobStatus | null = null;
  while (Date.now() < deadline) {
    last = await queue.getStatus(name, id);
    if (last && predicate(last)) return last;
    await sleep(20);
  }
  throw new Error(
    `job ${name}/${id} never reached the expected status; last: ${JSON.stringify(last)}`,
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

describe.each(drivers)('jobs with the $name driver', (driver) => {
  let harness: TDriverHarness;
  let queue: JobQueue;

  beforeAll(async () => {
    harness = await driver.start();
    queue = harness.queue;
  });
  afterAll(async () => {
    await harness?.stop();
  });
  beforeEach(() => probe.reset());

  it('completes a job with its result, and watch() reports its progress in order', async () => {
    // Delayed, so the watch surely starts before the first progress update.
    const { id } = await queue.enqueue(echoJob, { text: 'hello', steps: 3 }, { delayMs: 300 });
    const queued = await queue.getStatus(echoJob.name, id);
    expect(queued).toMatchObject({
      id,
      name: 'test.echo',
      state: 'queued',
      attempt: 0,
      progress: null,
    });

    const events = await watchAll(queue, echoJob.name, id);
    const last = events.at(-1);
    expect(last?.status).toMatchObject({
      state: 'completed',
      attempt: 1,
      result: { echoed: 'HELLO', attempt: 1 },
    });
    expect(last?.status.finishedAt).toBeGreaterThanOrEqual(last?.status.createdAt ?? Infinity);
    const percents = events
      .filter((e) => e.type === 'progress')
      .map((e) => e.status.progress?.percent);
    expect(percents).toEqual([33, 67, 100]);
    expect(events.find((e) => e.type === 'progress')?.status.progress).toEqual({
      percent: 33,
      message: 'step 1',
      data: { step: 1 },
    });
    // Completed status stays readable, and watching it again yields just the final state.
    expect(await queue.getStatus(echoJob.name, id)).toMatchObject({
      state: 'completed',
      result: { echoed: 'HELLO' },
    });
    const again = await watchAll(queue, echoJob.name, id);
    expect(again).toHaveLength(1);
    expect(again[0]?.status.state).toBe('completed');
  });

  it('misses no progress update whenever watch() starts (status read and subscription do not race)', async () => {
    const steps = [20, 40, 60, 80, 100];
    const jobs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => queue.enqueue(echoJob, { text: `race ${i}`, steps: 5 })),
    );
    const watches = jobs.map(async ({ id }, i) => {
      // Start watching at different points while the job runs and publishes progress.
      await waitForStatus(queue, echoJob.name, id, (s) => s.state !== 'queued', 20_000);
      await sleep((i * 17) % 110);
      return watchAll(queue, echoJob.name, id);
    });
    for (const events of await Promise.all(watches)) {
      expect(events.at(-1)?.status.state).toBe('completed');
      const seen = events
        .map((e) => e.status.progress?.percent)
        .filter((p): p is number => p !== undefined)
        .filter((p, i, all) => p !== all[i - 1]);
      // Whatever the first status showed, every later update follows without a gap.
      expect(seen).toEqual(seen.length === 0 ? [] : steps.slice(steps.indexOf(seen[0] ?? -1)));
      expect(seen.at(-1)).toBe(100);
    }
  });

  it('retries a failing job with exponential backoff until it succeeds on attempt 3', async () => {
    const { id } = await queue.enqueue(flakyJob, { failTimes: 2 });
    const events = await watchAll(queue, flakyJob.name, id);
    expect(events.at(-1)?.status).toMatchObject({
      state: 'completed',
      attempt: 3,
      result: { succeededOnAttempt: 3 },
    });
    const starts = probe.starts.get(id) ?? [];
    expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = starts.map((s) => s.at) as [number, number, number];
    // backoffMs 200: about 200 ms before the 2nd attempt, 400 ms before the 3rd.
    expect(second - first).toBeGreaterThanOrEqual(190);
    expect(third - second).toBeGreaterThanOrEqual(390);
    expect(third - second).toBeLessThan(3_000);
  });

  it('fails a job that throws UnrecoverableJobError at once, without retrying', async () => {
    const { id } = await queue.enqueue(unrecoverableJob, {});
    const events = await watchAll(queue, unrecoverableJob.name, id);
    expect(events.at(-1)?.status).toMatchObject({
      state: 'failed',
      attempt: 1,
      error: 'This input can never succeed.',
    });
    await sleep(300); // longer than the 50 ms backoff: a retry would have started by now
    expect(probe.runs(id)).toBe(1);
  });

  it('fails an attempt that exceeds timeoutMs and retries it', async () => {
    const { id } = await queue.enqueue(timeoutJob, {});
    const events = await watchAll(queue, timeoutJob.name, id);
    expect(events.at(-1)?.status).toMatchObject({
      state: 'completed',
      attempt: 2,
      result: { attempt: 2 },
    });
  });

  it('rejects invalid input at enqueue with a VALIDATION AppError', async () => {
    const error = await queue.enqueue(echoJob, { text: '' }).catch((e: unknown) => e);
    expect(AppError.is(error)).toBe(true);
    expect((error as AppError).code).toBe('VALIDATION');
    expect((error as AppError).message).toContain('test.echo');
    await expect(queue.enqueue(echoJob, { text: 42 } as never)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(queue.enqueue(echoJob, { text: 'ok' }, { jobId: 'a:b' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(probe.starts.size).toBe(0);
  });

  it('cancels a queued job (it never runs) and an active job (its signal aborts)', async () => {
    const blocker = await queue.enqueue(slowJob, { ms: 20_000 });
    await waitForStatus(queue, slowJob.name, blocker.id, (s) => s.state === 'active');
    const waiting = await queue.enqueue(slowJob, { ms: 10 });
    expect((await queue.getStatus(slowJob.name, waiting.id))?.state).toBe('queued');

    const waitingWatch = watchAll(queue, slowJob.name, waiting.id);
    expect(await queue.cancel(slowJob.name, waiting.id)).toBe(true);
    expect((await waitingWatch).at(-1)?.status.state).toBe('cancelled');
    expect(await queue.getStatus(slowJob.name, waiting.id)).toMatchObject({
      state: 'cancelled',
      error: 'Job was cancelled.',
    });

    const activeWatch = watchAll(queue, slowJob.name, blocker.id);
    const cancelledAt = Date.now();
    expect(await queue.cancel(slowJob.name, blocker.id)).toBe(true);
    const events = await activeWatch;
    expect(events.at(-1)?.status.state).toBe('cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(3_000);
    expect(probe.aborted.has(blocker.id)).toBe(true);

    expect(await queue.cancel(slowJob.name, blocker.id)).toBe(false);
    expect(await queue.cancel(slowJob.name, 'no-such-job')).toBe(false);
    await sleep(100);
    expect(probe.runs(waiting.id)).toBe(0);
    expect(probe.runs(blocker.id)).toBe(1);
  });

  it('makes enqueue idempotent by jobId', async () => {
    const jobId = `order-${randomUUID()}`;
    const [a, b] = await Promise.all([
      queue.enqueue(echoJob, { text: 'once', steps: 1 }, { jobId }),
      queue.enqueue(echoJob, { text: 'once', steps: 1 }, { jobId }),
    ]);
    expect(a.id).toBe(jobId);
    expect(b.id).toBe(jobId);
    await watchAll(queue, echoJob.name, jobId);
    const c = await queue.enqueue(echoJob, { text: 'twice?', steps: 1 }, { jobId });
    expect(c.id).toBe(jobId);
    await sleep(200);
    expect(probe.runs(jobId)).toBe(1);
    expect(await queue.getStatus(echoJob.name, jobId)).toMatchObject({
      state: 'completed',
      result: { echoed: 'ONCE' },
    });
  });

  it('ends watch() when its signal aborts, releasing its Redis connection', async () => {
    const { id } = await queue.enqueue(slowJob, { ms: 20_000 });
    await waitForStatus(queue, slowJob.name, id, (s) => s.state === 'active');
    const controller = new AbortController();
    const seen: TJobEvent[] = [];
    const done = (async () => {
      for await (const event of queue.watch(slowJob.name, id, controller.signal)) seen.push(event);
    })();
    await sleep(200);
    if ((await harness.eventConnections()) !== null)
      expect(await harness.eventConnections()).toBe(1);
    controller.abort();
    await done;
    expect(seen[0]?.status.state).toBe('active');
    const deadline = Date.now() + 3_000;
    while (((await harness.eventConnections()) ?? 0) > 0 && Date.now() < deadline) await sleep(50);
    expect((await harness.eventConnections()) ?? 0).toBe(0);
    await queue.cancel(slowJob.name, id);
    await waitForStatus(queue, slowJob.name, id, (s) => s.state === 'cancelled');
  });

  it('reports unknown jobs: getStatus null, watch NOT_FOUND', async () => {
    expect(await queue.getStatus(echoJob.name, 'missing-job')).toBeNull();
    await expect(watchAll(queue, echoJob.name, 'missing-job')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('measures enqueue → completed latency for a trivial job (p50 over 100)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const started = performance.now();
      const { id } = await queue.enqueue(noopJob, { n: i });
      const events = await watchAll(queue, noopJob.name, id);
      expect(events.at(-1)?.status.result).toEqual({ n: i });
      latencies.push(performance.now() - started);
    }
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    console.info(
      `[jobs latency] ${driver.name}: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over 100 trivial jobs`,
    );
    expect(p50).toBeLessThan(500);
  });
});
