import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineJob } from '@shipyard/core/jobs';
import { z } from 'zod';

/**
 * `system.ping`: proves the whole job path works (enqueue → Redis → a worker → result). Health
 * checks enqueue it and wait for the timestamp; `holdMs` keeps it running for a while, to test
 * shutdown and scaling.
 */
export const systemPingJob = defineJob({
  name: 'system.ping',
  input: z.object({
    echo: z.string().max(200).optional(),
    holdMs: z.number().int().min(0).max(60_000).default(0),
  }),
  attempts: 1,
  concurrency: 4,
  async process({ echo, holdMs }, ctx) {
    const receivedAt = Date.now();
    if (holdMs > 0) {
      await ctx.progress({ percent: 0, message: `holding for ${holdMs} ms` });
      await sleep(holdMs, undefined, { signal: ctx.signal });
    }
    return {
      pong: true as const,
      echo: echo ?? null,
      receivedAt,
      completedAt: Date.now(),
      worker: { hostname: hostname(), pid: process.pid },
    };
  },
});
