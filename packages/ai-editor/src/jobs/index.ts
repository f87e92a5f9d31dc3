import { AppError } from '@shipyard/core';
import { defineJob, UnrecoverableJobError } from '@shipyard/core/jobs';
import { z } from 'zod';
import type { GenerationRunner } from '../services/generation/runner';

export const GENERATE_JOB = 'editor.generate';

/**
 * `editor.generate`: runs one generation. Idempotent — nothing is committed until the whole
 * answer applies, and a run after a crash that already committed only closes the record.
 */
export function createGenerateJob(runner: GenerationRunner) {
  return defineJob({
    name: GENERATE_JOB,
    input: z.object({ generationId: z.string().min(1) }),
    attempts: 2,
    backoffMs: 1000,
    concurrency: 4,
    async process({ generationId }, ctx) {
      try {
        return await runner.run(generationId, {
          signal: ctx.signal,
          progress: (p) =>
            ctx.progress({
              ...(p.phase === 'done' ? { percent: 100 } : {}),
              message: p.phase,
              data: p,
            }),
        });
      } catch (error) {
        // The generation (or its project) was deleted: running again can never succeed.
        if (AppError.is(error) && error.code === 'NOT_FOUND')
          throw new UnrecoverableJobError(error.message, { cause: error });
        throw error;
      }
    },
  });
}

export type GenerateJob = ReturnType<typeof createGenerateJob>;
