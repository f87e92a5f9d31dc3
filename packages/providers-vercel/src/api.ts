import { Vercel } from '@vercel/sdk';
import { createVendorCall, delayBeforeRetry, nullIfNotFound, redact, type TCallOptions } from '@shipyard/deploy-core/provider-kit';
import { describeFailure, isAbort, isNetworkError, toAppError, type TCallMeta } from './errors';
import type { TVercelConnectionOptions } from './options';

export { parseRateLimitReset, parseRetryAfter } from '@shipyard/deploy-core/provider-kit';

/** Per-request options handed to the SDK (abort signal; the SDK's own retries stay off). */
export interface TRequestOptions {
  fetchOptions: { signal?: AbortSignal };
}

/**
 * The official `@vercel/sdk` client plus the one call path every request goes through: bounded
 * retries (429 after Retry-After / X-RateLimit-Reset, 5xx and network errors with backoff; the
 * SDK's own retries are off so a 409 or a create is never repeated blindly), error mapping to
 * AppError, and token redaction.
 */
export function createVercelApi(options: TVercelConnectionOptions) {
  const secrets = [options.token];
  const sdk = new Vercel({
    bearerToken: options.token,
    serverURL: options.apiBaseUrl,
    retryConfig: { strategy: 'none' },
    timeoutMs: options.requestTimeoutMs,
  });
  const team = options.teamId ? { teamId: options.teamId } : {};

  const retrying = createVendorCall<TCallMeta>({
    vendor: 'Vercel',
    policy: options,
    retryDelay: (error, attempt) => retryDelay(error, attempt, options),
    statusOf: (error) => describeFailure(error).status,
    giveUp: (error, meta, attempts) => toAppError(error, meta, { teamId: options.teamId, secrets, attempts }),
    redact: (text) => redact(text, secrets),
    isAbort,
  });

  function call<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T> {
    return retrying(meta, () => fn({ fetchOptions: { signal: opts.signal } }), opts);
  }

  /** Like `call`, but a 404 resolves to null. */
  function find<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T | null> {
    return nullIfNotFound(call(meta, fn, opts));
  }

  return { sdk, team, call, find, teamId: options.teamId, redact: (text: string) => redact(text, secrets) };
}

export type VercelApi = ReturnType<typeof createVercelApi>;

/** How long to wait before retrying, or null when the failure is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, policy: { retryBaseDelayMs: number }, now = Date.now()): number | null {
  const f = describeFailure(error);
  // Timeouts and connection errors have no status and are retried; other failures without one are not.
  if (f.status === undefined && !isNetworkError(error)) return null;
  return delayBeforeRetry({ status: f.status, retryAfter: f.headers?.get('retry-after'), rateLimitReset: f.headers?.get('x-ratelimit-reset') }, attempt, policy, { now });
}
