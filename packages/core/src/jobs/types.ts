import type { Logger } from 'pino';
import type { z } from 'zod';

export type TJobState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';

export type TJobProgress = { percent?: number; message?: string; data?: unknown };

export type TJobStatus = {
  id: string;
  name: string;
  state: TJobState;
  /** Attempts started so far (1 during the first run; 0 while it has never run). */
  attempt: number;
  progress: TJobProgress | null;
  result?: unknown;
  error?: string;
  createdAt: number;
  finishedAt?: number;
};

export type TJobEvent = { type: 'progress' | 'state'; status: TJobStatus };

/** What a processor receives besides its validated input. */
export interface JobContext {
  jobId: string;
  /** 1-based: the number of this run, counting runs interrupted by a crashed worker. */
  attempt: number;
  /** Aborted when the job is cancelled, times out, or the worker shuts down. Pass it to fetch, SDKs, child processes. */
  signal: AbortSignal;
  logger: Logger;
  progress(update: TJobProgress): Promise<void>;
}

/**
 * A job definition: a named, validated, idempotent unit of background work.
 *
 * Packages export their definitions (e.g. from `@shipyard/<pkg>/jobs`); the host enqueues
 * through a `JobQueue` and `apps/worker` runs the processors. `process` must be idempotent:
 * a worker can be killed at any point and the job run again.
 */
export interface JobDefinition<I extends z.ZodType = z.ZodType, O = unknown> {
  /** Dotted name, e.g. 'editor.generate'. Also the BullMQ queue name. */
  readonly name: string;
  readonly input: I;
  /** Total runs allowed before the job is failed (default 3). */
  readonly attempts: number;
  /** Base of the exponential backoff between retries: backoffMs * 2^(n-1) (default 1000). */
  readonly backoffMs: number;
  /** Parallel runs per worker process (default 1); the worker's WORKER_CONCURRENCY overrides it. */
  readonly concurrency?: number;
  /** Per-attempt time limit; the attempt's signal is aborted and the attempt fails (and is retried). */
  readonly timeoutMs?: number;
  // Method syntax on purpose: a JobDefinition<ZodObject<…>, X> must be assignable to JobDefinition.
  process(input: z.output<I>, ctx: JobContext): Promise<O>;
}

export type TEnqueueOptions = {
  /** Makes enqueue idempotent: a second enqueue with the same id returns the existing job. */
  jobId?: string;
  delayMs?: number;
};

export interface JobQueue {
  /** Validates input (AppError VALIDATION) and queues the job. */
  enqueue<I extends z.ZodType, O>(
    job: JobDefinition<I, O>,
    input: z.input<I>,
    opts?: TEnqueueOptions,
  ): Promise<{ id: string }>;
  getStatus(jobName: string, id: string): Promise<TJobStatus | null>;
  /**
   * The current status first, then every change until a terminal state (completed, failed,
   * cancelled). Ends quietly when `signal` aborts. Usable as a tRPC SSE subscription: `yield*`.
   */
  watch(jobName: string, id: string, signal?: AbortSignal): AsyncIterable<TJobEvent>;
  /** Removes a queued job, or aborts a running one. False when the job is unknown or already finished. */
  cancel(jobName: string, id: string): Promise<boolean>;
  close(): Promise<void>;
}

export const TERMINAL_STATES: ReadonlySet<TJobState> = new Set([
  'completed',
  'failed',
  'cancelled',
]);

export function isTerminal(state: TJobState): boolean {
  return TERMINAL_STATES.has(state);
}
