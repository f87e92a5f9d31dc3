import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../logger';
import { defineJob } from './define-job';
import { createInlineQueue } from './inline-queue';
import type { JobQueue } from './types';

const logger = createLogger({ level: 'silent' });
let queue: JobQueue | null = null;
afterEach(async () => {
  await queue?.close();
  queue = null;
});

async function settle(q: JobQueue, name: string, id: string) {
  for await (const event of q.watch(name, id)) {
    if (['completed', 'failed', 'cancelled'].includes(event.status.state)) return event.status;
  }
  return null;
}

describe('createInlineQueue', () => {
  it('forgets the oldest finished jobs beyond the retention count', async () => {
    const job = defineJob({
      name: 'unit.add',
      input: z.object({ n: z.number() }),
      concurrency: 5,
      process: async ({ n }) => n + 1,
    });
    queue = createInlineQueue({ jobs: [job], logger, retainFinished: { count: 3 } });
    const ids: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      const { id } = await queue.enqueue(job, { n });
      await settle(queue, job.name, id);
      ids.push(id);
    }
    const statuses = await Promise.all(ids.map((id) => queue?.getStatus(job.name, id)));
    expect(statuses.map((s) => s?.result ?? null)).toEqual([null, null, null, 4, 5, 6]);
  });

  it('forgets finished jobs older than the retention age', async () => {
    const job = defineJob({
      name: 'unit.add',
      input: z.object({ n: z.number() }),
      process: async ({ n }) => n,
    });
    queue = createInlineQueue({ jobs: [job], logger, retainFinished: { ageMs: 50 } });
    const { id } = await queue.enqueue(job, { n: 1 });
    await settle(queue, job.name, id);
    expect(await queue.getStatus(job.name, id)).not.toBeNull();
    await sleep(80);
    expect(await queue.getStatus(job.name, id)).toBeNull();
  });

  it('never runs more than the job concurrency at once', async () => {
    let running = 0;
    let peak = 0;
    const job = defineJob({
      name: 'unit.busy',
      input: z.object({}),
      concurrency: 2,
      async process() {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(20);
        running -= 1;
      },
    });
    queue = createInlineQueue({ jobs: [job], logger });
    const ids = await Promise.all(Array.from({ length: 6 }, () => queue!.enqueue(job, {})));
    await Promise.all(ids.map(({ id }) => settle(queue!, job.name, id)));
    expect(peak).toBe(2);
  });

  it('refuses jobs it was not created with', async () => {
    const known = defineJob({ name: 'unit.known', input: z.object({}), process: async () => null });
    const other = defineJob({ name: 'unit.other', input: z.object({}), process: async () => null });
    queue = createInlineQueue({ jobs: [known], logger });
    await expect(queue.enqueue(other, {})).rejects.toThrow(/not registered/);
  });

  it('on close, aborts running jobs and fails queued ones so watchers end', async () => {
    let sawAbort = false;
    const job = defineJob({
      name: 'unit.long',
      input: z.object({}),
      async process(_input, ctx) {
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        sawAbort = true;
      },
    });
    queue = createInlineQueue({ jobs: [job], logger });
    const running = await queue.enqueue(job, {});
    const waiting = await queue.enqueue(job, {});
    await sleep(10);
    const watching = settle(queue, job.name, waiting.id);
    await queue.close();
    expect(sawAbort).toBe(true);
    expect((await watching)?.state).toBe('failed');
    expect((await queue.getStatus(job.name, running.id))?.state).toBe('failed');
  });
});
