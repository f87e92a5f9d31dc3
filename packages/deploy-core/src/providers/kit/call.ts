import { formatMs, sleep, type TRetryPolicy } from './retry';

/** Per-call options of a vendor API client. */
export interface TCallOptions<T> {
  signal?: AbortSignal;
  /** Progress lines for the deployment log (retries and waits). Never receives secrets. */
  log?: (message: string) => void;
  /**
   * Runs before each retry of a call that is not idempotent (creating a site or a deployment):
   * when the failed attempt did take effect, it returns the result and the call is not repeated.
   */
  recover?: () => Promise<T | undefined>;
}

/** How one vendor's API fails and is retried: what the shared call loop needs to know. */
export interface TVendorCallSpec<TMeta extends { action: string }> {
  /** The vendor as log lines name it: "Cloudflare". */
  vendor: string;
  policy: TRetryPolicy;
  /** How long to wait before retrying this failure, or null when it is not worth retrying. */
  retryDelay(error: unknown, attempt: number): number | null;
  /** The HTTP status of a failure (undefined: no answer), for the retry log. */
  statusOf(error: unknown): number | undefined;
  /** What a call that gives up throws: the AppError a user sees. */
  giveUp(error: unknown, meta: TMeta, attempts: number): unknown;
  /** Removes secrets from a log line. */
  redact(text: string): string;
  /** Failures that are the caller's own abort (the SDK's abort error): rethrown as they are. */
  isAbort?(error: unknown): boolean;
  /** What a retry wait cut short by the signal rejects with (default: the signal's reason). */
  cancelled?(): unknown;
  /** Words for statuses in retry log lines besides 429's "rate limited", e.g. 423: "operations running". */
  statusNotes?: Record<number, string>;
}

/**
 * The one call path every request of a vendor API client goes through: the attempt, bounded
 * retries (the spec's delay; a 429 that asks too long fails at once), a log line per retry,
 * `recover` before repeating a call that is not idempotent, and the vendor's AppError at the end.
 */
export function createVendorCall<TMeta extends { action: string }>(spec: TVendorCallSpec<TMeta>) {
  const notes: Record<number, string> = { 429: 'rate limited', ...spec.statusNotes };
  const { maxRetries, maxRetryAfterMs } = spec.policy;
  return async function call<T>(
    meta: TMeta,
    attempt: (n: number) => Promise<T>,
    opts: TCallOptions<T> = {},
  ): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt(n);
      } catch (error) {
        if (spec.isAbort?.(error) || opts.signal?.aborted) throw error;
        const wait = spec.retryDelay(error, n);
        if (wait === null || n > maxRetries || wait > maxRetryAfterMs) {
          throw spec.giveUp(error, meta, n);
        }
        const status = spec.statusOf(error);
        const note = status !== undefined && notes[status] ? ` (${notes[status]})` : '';
        opts.log?.(
          spec.redact(
            `${spec.vendor} answered ${status ?? 'with a network error'} to "${meta.action}"${note}; ` +
              `retrying in ${formatMs(wait)} (retry ${n} of ${maxRetries}).`,
          ),
        );
        await sleep(wait, opts.signal, spec.cancelled);
        if (opts.recover) {
          const recovered = await opts.recover();
          if (recovered !== undefined) return recovered;
        }
      }
    }
  };
}

/** A call whose failure with code NOT_FOUND (a 404) means "absent": it resolves to null instead. */
export async function nullIfNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (
      typeof error === 'object' &&
      error !== null &&
      (error as { code?: string }).code === 'NOT_FOUND'
    )
      return null;
    throw error;
  }
}
