import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullMQQueue, type JobQueue, type TJobEvent } from '../src/jobs';
import { createLogger } from '../src/logger';
import { sideEffectJob, sideEffectKeys } from './fixtures/jobs-worker-process';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/jobs-worker-process.ts', import.meta.url));

type TWorkerProcess = { child: ChildProcess; output: () => string };

/** Starts the fixture worker under tsx and resolves once it printed READY. */
async function startWorker(
  prefix: string,
  holdMs: number,
  graceMs = 5_000,
): Promise<TWorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: packageDir,
    env: {
      ...process.env,
      REDIS_URL,
      JOBS_PREFIX: prefix,
      HOLD_MS: String(holdMs),
      GRACE_MS: String(graceMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes('READY')) {
    if (child.exitCode !== null)
      throw new Error(`worker exited early (${child.exitCode}): ${output}`);
    if (Date.now() > deadline) throw new Error(`worker did not start: ${output}`);
    await sleep(50);
  }
  return { child, output: () => output };
}

describe('a worker killed mid-job (BullMQ)', () => {
  const prefix = `shipyard-test-${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  let queue: JobQueue;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    queue = createBullMQQueue({
      redisUrl: REDIS_URL,
      jobs: [sideEffectJob],
      logger: createLogger({ level: 'silent' }),
      prefix,
    });
  });

  afterAll(async () => {
    const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of alive) child.kill('SIGKILL');
    await Promise.all(alive.map((child) => once(child, 'exit')));
    await queue.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  it('is picked up by another worker after stall detection and completes exactly once', async () => {
    const first = await startWorker(prefix, 60_000);
    children.push(first.child);
    const key = randomUUID();
    const keys = sideEffectKeys(prefix, key);
    const { id } = await queue.enqueue(sideEffectJob, { key });

    // Wait until the first worker is inside the processor.
    const watchFirst = new AbortController();
    for await (const event of queue.watch(sideEffectJob.name, id, watchFirst.signal)) {
      if (event.status.progress?.message === 'started') break;
    }
    expect(await redis.get(keys.starts)).toBe('1');

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const killedAt = Date.now();
    expect((await queue.getStatus(sideEffectJob.name, id))?.state).toBe('active'); // the dead worker's lock has not expired yet

    const second = await startWorker(prefix, 0);
    children.push(second.child);
    const events: TJobEvent[] = [];
    const timeout = AbortSignal.timeout(20_000);
    for await (const event of queue.watch(sideEffectJob.name, id, timeout)) events.push(event);
    const final = events.at(-1)?.status;
    expect(final, `worker output: ${second.output()}`).toMatchObject({
      state: 'completed',
      attempt: 2,
      result: { pid: second.child.pid, attempt: 2 },
    });
    const recoveryMs = Date.now() - killedAt;
    console.info(
      `[jobs] killed job recovered and completed ${recoveryMs} ms after SIGKILL (lock 1500 ms, stalled check 500 ms)`,
    );

    expect(await redis.get(keys.starts)).toBe('2');
    await sleep(2_000); // several stalled-check periods: a duplicate run would show up now
    expect(await redis.get(keys.effects)).toBe('1');
    expect(await redis.get(keys.starts)).toBe('2');

    second.child.kill('SIGTERM');
    const [code] = (await once(second.child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('returns a job still running after the shutdown grace period to the queue, for another worker to finish', async () => {
    const first = await startWorker(prefix, 60_000, 500);
    children.push(first.child);
    const key = randomUUID();
    const keys = sideEffectKeys(prefix, key);
    const { id } = await queue.enqueue(sideEffectJob, { key });
    for await (const event of queue.watch(sideEffectJob.name, id, AbortSignal.timeout(10_000))) {
      if (event.status.progress?.message === 'started') break;
    }

    const termAt = Date.now();
    first.child.kill('SIGTERM');
    const [code] = (await once(first.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - termAt).toBeLessThan(5_000);
    // Back in the queue at once, not after a lock timeout.
    expect((await queue.getStatus(sideEffectJob.name, id))?.state).toBe('queued');
    expect(await redis.get(keys.effects)).toBeNull();

    const second = await startWorker(prefix, 0);
    children.push(second.child);
    const events: TJobEvent[] = [];
    for await (const event of queue.watch(sideEffectJob.name, id, AbortSignal.timeout(10_000)))
      events.push(event);
    expect(events.at(-1)?.status).toMatchObject({
      state: 'completed',
      result: { pid: second.child.pid },
    });
    expect(await redis.get(keys.effects)).toBe('1');
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  });
});
