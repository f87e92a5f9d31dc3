import type { Logger } from 'pino';
import { errorMessage, parseProcessInput, UnrecoverableJobError } from './define-job';
import type { JobDefinition, TJobProgress } from './types';

/** The attempt was stopped by `JobQueue.cancel`. */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor() {
    super('Job was cancelled.');
  }
}

/** The attempt ran longer than the definition's `timeoutMs`; it is retried like any failure. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
  constructor(jobName: string, timeoutMs: number) {
    super(`Job "${jobName}" timed out after ${timeoutMs} ms.`);
  }
}

/** The worker is shutting down and gave up waiting; the job goes back to the queue. */
export class WorkerShutdownError extends Error {
  override readonly name = 'WorkerShutdownError';
  constructor() {
    super('Worker shut down before the job finished; it was returned to the queue.');
  }
}

/** Only JSON travels through Redis; the inline driver applies the same rule so both behave alike. */
export function toJson(value: unknown, what: string): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new UnrecoverableJobError(`${what} is not JSON-serializable: ${errorMessage(cause)}`, {
      cause,
    });
  }
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

export function normalizeProgress(update: TJobProgress, jobName: string): TJobProgress {
  const progress: TJobProgress = {};
  if (update.percent !== undefined) {
    if (!Number.isFinite(update.percent))
      throw new Error(`Job "${jobName}": progress percent must be a number.`);
    progress.percent = Math.min(100, Math.max(0, update.percent));
  }
  if (update.message !== undefined) progress.message = String(update.message);
  if (update.data !== undefined)
    progress.data = toJson(update.data, `Progress data of job "${jobName}"`);
  return progress;
}

/**
 * Runs one attempt of a processor: re-validates the stored input, applies the timeout, and
 * settles as soon as `stop` aborts (cancel, shutdown) even if the processor ignores its signal.
 */
export async function runAttempt(args: {
  def: JobDefinition;
  rawInput: unknown;
  jobId: string;
  attempt: number;
  logger: Logger;
  stop: AbortSignal;
  progress: (update: TJobProgress) => Promise<void>;
}): Promise<unknown> {
  const { def } = args;
  const controller = new AbortController();
  const onStop = () => controller.abort(args.stop.reason);
  if (args.stop.aborted) onStop();
  else args.stop.addEventListener('abort', onStop, { once: true });
  const timer =
    def.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new JobTimeoutError(def.name, def.timeoutMs ?? 0)),
          def.timeoutMs,
        );
  let rejectOnAbort: (reason: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    rejectOnAbort = reject;
  });
  aborted.catch(() => undefined);
  const onAbort = () => rejectOnAbort(controller.signal.reason);
  controller.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (controller.signal.aborted) throw controller.signal.reason;
    const input = parseProcessInput(def, args.rawInput);
    const running = def.process(input, {
      jobId: args.jobId,
      attempt: args.attempt,
      signal: controller.signal,
      logger: args.logger,
      progress: (update) => args.progress(normalizeProgress(update, def.name)),
    });
    // The processor may keep running after an abort; its late rejection must not crash the process.
    running.catch(() => undefined);
    const result = await Promise.race([running, aborted]);
    if (controller.signal.aborted) throw controller.signal.reason;
    return toJson(result, `The result of job "${def.name}"`);
  } finally {
    if (timer) clearTimeout(timer);
    args.stop.removeEventListener('abort', onStop);
    controller.signal.removeEventListener('abort', onAbort);
  }
}
