import { z } from 'zod';
import { AppError } from '../errors';
import type { JobContext, JobDefinition } from './types';

const UNRECOVERABLE_BRAND = Symbol.for('@shipyard/core.UnrecoverableJobError');

/**
 * Throw from a processor when running again can never succeed (bad input, a deleted project):
 * the job fails at once, with no further retries.
 */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, UNRECOVERABLE_BRAND, { value: true, enumerable: false });
  }

  /** True for any UnrecoverableJobError, including one created by another copy of this package. */
  static is(e: unknown): e is UnrecoverableJobError {
    return (
      typeof e === 'object' &&
      e !== null &&
      (e as { [UNRECOVERABLE_BRAND]?: unknown })[UNRECOVERABLE_BRAND] === true
    );
  }
}

// BullMQ forbids ':' in queue names; the dotted form keeps names readable in Redis and metrics.
const JOB_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

/**
 * Declares a job. The definition is the single source for the queue name, input schema, retry
 * policy and processor: the host enqueues with it and `apps/worker` runs it.
 *
 * ```ts
 * export const generateJob = defineJob({
 *   name: 'editor.generate',
 *   input: z.object({ projectId: z.string(), prompt: z.string() }),
 *   attempts: 3,
 *   async process({ projectId, prompt }, ctx) {
 *     await ctx.progress({ percent: 10, message: 'Planning' });
 *     return { versionId: await generate(projectId, prompt, ctx.signal) };
 *   },
 * });
 * ```
 */
export function defineJob<I extends z.ZodType, O>(def: {
  name: string;
  input: I;
  process: (input: z.output<I>, ctx: JobContext) => Promise<O>;
  attempts?: number;
  backoffMs?: number;
  concurrency?: number;
  timeoutMs?: number;
}): JobDefinition<I, O> {
  if (!JOB_NAME_PATTERN.test(def.name)) {
    throw new Error(
      `Invalid job name "${def.name}": use lowercase dotted words such as "editor.generate" (lowercase letters, digits, '-', '_' and '.').`,
    );
  }
  const attempts = def.attempts ?? 3;
  const backoffMs = def.backoffMs ?? 1000;
  assertInteger(def.name, 'attempts', attempts, 1);
  assertInteger(def.name, 'backoffMs', backoffMs, 0);
  if (def.concurrency !== undefined) assertInteger(def.name, 'concurrency', def.concurrency, 1);
  if (def.timeoutMs !== undefined) assertInteger(def.name, 'timeoutMs', def.timeoutMs, 1);
  const processor = def.process;
  return {
    name: def.name,
    input: def.input,
    attempts,
    backoffMs,
    ...(def.concurrency !== undefined ? { concurrency: def.concurrency } : {}),
    ...(def.timeoutMs !== undefined ? { timeoutMs: def.timeoutMs } : {}),
    process: (input, ctx) => processor(input, ctx),
  };
}

function assertInteger(job: string, field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`Job "${job}": ${field} must be an integer >= ${min}, got ${String(value)}.`);
  }
}

/** Validates input at enqueue time; the message names the job and the fields. */
export function parseEnqueueInput(def: JobDefinition, input: unknown): void {
  const parsed = def.input.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION',
      `Invalid input for job "${def.name}": ${z.prettifyError(parsed.error)}`,
      {
        details: { job: def.name, zodError: z.flattenError(parsed.error) },
        cause: parsed.error,
      },
    );
  }
  try {
    JSON.stringify(input);
  } catch (cause) {
    throw new AppError('VALIDATION', `Input for job "${def.name}" must be JSON-serializable.`, {
      cause,
    });
  }
}

/** Validates input again when the job runs: a schema changed since enqueue can never succeed, so do not retry. */
export function parseProcessInput(def: JobDefinition, input: unknown): unknown {
  const parsed = def.input.safeParse(input);
  if (!parsed.success) {
    throw new UnrecoverableJobError(
      `Stored input no longer matches the schema of job "${def.name}" (was it changed since the job was queued?): ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Custom ids follow BullMQ's rules in every driver, so code tested inline also works with Redis. */
export function assertJobId(jobName: string, jobId: string): void {
  const problem =
    jobId.length === 0
      ? 'it is empty'
      : jobId.length > 256
        ? 'it is longer than 256 characters'
        : jobId.includes(':')
          ? "it contains ':'"
          : `${Number.parseInt(jobId, 10)}` === jobId
            ? 'it is an integer (reserved for generated ids)'
            : null;
  if (problem) {
    throw new AppError(
      'VALIDATION',
      `Invalid jobId "${jobId.slice(0, 80)}" for job "${jobName}": ${problem}. Use a string such as "project-123-build".`,
      {
        details: { job: jobName },
      },
    );
  }
}

/** BullMQ's exponential backoff: backoffMs, 2×, 4× … after the 1st, 2nd, 3rd failure. */
export function backoffDelay(backoffMs: number, failuresSoFar: number): number {
  return Math.round(2 ** (failuresSoFar - 1) * backoffMs);
}

export function assertUniqueJobs(jobs: readonly JobDefinition[]): Map<string, JobDefinition> {
  const byName = new Map<string, JobDefinition>();
  for (const job of jobs) {
    if (byName.has(job.name) && byName.get(job.name) !== job) {
      throw new Error(
        `Two different job definitions are named "${job.name}"; job names must be unique.`,
      );
    }
    byName.set(job.name, job);
  }
  return byName;
}

export function unknownJobError(name: string, driver: string): AppError {
  return new AppError(
    'INTERNAL',
    `Job "${name}" is not registered with this ${driver} queue: add its definition to the jobs list the queue was created with.`,
  );
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : 'Unknown error';
}
