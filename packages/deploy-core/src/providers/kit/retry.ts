/** The bounded retry policy every cloud provider's API client follows (its connection options). */
export interface TRetryPolicy {
  /** Retries after a 429 or a 5xx / network error before a call fails. */
  maxRetries: number;
  /** First backoff delay; doubles each retry (±20 % jitter, at most 30 s). */
  retryBaseDelayMs: number;
  /** A 429 that asks to wait longer than this fails at once instead of stalling the deploy. */
  maxRetryAfterMs: number;
}

export const MAX_BACKOFF_MS = 30_000;

/** One failed attempt as the retry policy sees it. */
export interface TFailedAttempt {
  /** The HTTP status; undefined when no answer came (network error, timeout). */
  status: number | undefined;
  /** The Retry-After header of the answer. */
  retryAfter?: string | null;
  /** X-RateLimit-Reset (Unix seconds), read after Retry-After by vendors that send it (Netlify, Vercel). */
  rateLimitReset?: string | null;
}

/**
 * How long to wait before retrying, or null when the failure is not worth retrying: a 429 waits
 * for Retry-After (then X-RateLimit-Reset), 5xx, network errors and `retryStatuses` back off
 * exponentially, anything else — or a failure that is no HTTP exchange at all (null) — fails.
 */
export function delayBeforeRetry(
  failure: TFailedAttempt | null,
  attempt: number,
  policy: Pick<TRetryPolicy, 'retryBaseDelayMs'>,
  options: { now?: number; retryStatuses?: readonly number[] } = {},
): number | null {
  if (!failure) return null;
  const { status } = failure;
  const backoff = () => backoffDelay(attempt, policy.retryBaseDelayMs);
  if (status === undefined) return backoff();
  if (status === 429) {
    return (
      parseRetryAfter(failure.retryAfter ?? null, options.now) ??
      parseRateLimitReset(failure.rateLimitReset ?? null, options.now) ??
      backoff()
    );
  }
  if (status >= 500 || options.retryStatuses?.includes(status)) return backoff();
  return null;
}

/** Exponential backoff with ±20 % jitter, at most 30 s. */
export function backoffDelay(attempt: number, baseDelayMs: number): number {
  const base = Math.min(baseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** X-RateLimit-Reset is the Unix time (seconds) when the window resets. */
export function parseRateLimitReset(value: string | null, now = Date.now()): number | null {
  if (!value || !/^\d+$/.test(value.trim())) return null;
  return Math.max(0, Number(value.trim()) * 1000 - now);
}

/**
 * Resolves after `ms`; a signal that aborts first rejects it with `cancelled()` (default: the
 * signal's reason).
 */
export function sleep(ms: number, signal?: AbortSignal, cancelled?: () => unknown): Promise<void> {
  const reason = () => (cancelled ? cancelled() : (signal?.reason ?? new Error('aborted')));
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(reason());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** "250 ms", "2 s", "1.5 s": a delay as the deployment log says it. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
