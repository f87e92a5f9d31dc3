import { AppError } from '@shipyard/core';
import { createApiClient, type Api } from '@neondatabase/api-client';
import { createVendorCall, delayBeforeRetry, sleep as kitSleep, type TCallOptions as TKitCallOptions } from '@shipyard/deploy-core/provider-kit';
import { describeFailure, isAxiosError, redact, toAppError, type TCallMeta } from './errors';
import type { TNeonConnectionOptions } from './options';

export { parseRetryAfter } from '@shipyard/deploy-core/provider-kit';

export interface TRequestOptions {
  signal?: AbortSignal;
}

export interface TCallOptions<T> extends TKitCallOptions<T> {
  /** Turns an error status into a result (e.g. 404 on delete → already gone). */
  handle?: (status: number | undefined) => T | undefined;
}

const cancelled = () => new AppError('BAD_REQUEST', 'Cancelled.');

/** A wait that a cancelled deploy cuts short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return kitSleep(ms, signal, cancelled);
}

/**
 * The official Neon SDK (`@neondatabase/api-client`, axios) plus the one call path every request
 * goes through: bounded retries (429 after Retry-After; 423, 5xx and network errors with
 * backoff), error mapping to AppError, and key redaction.
 */
export function createNeonApi(options: TNeonConnectionOptions) {
  const secrets: string[] = [options.apiKey];
  const sdk: Api<unknown> = createApiClient({
    apiKey: options.apiKey,
    baseURL: options.apiBaseUrl,
    timeout: options.requestTimeoutMs,
    headers: { 'User-Agent': 'shipyard-providers-neon' },
  });
  const retrying = createVendorCall<TCallMeta>({
    vendor: 'Neon',
    policy: options,
    retryDelay: (error, attempt) => retryDelay(error, attempt, options.retryBaseDelayMs),
    statusOf: (error) => describeFailure(error).status,
    giveUp: (error, meta, attempts) => toAppError(error, meta, { secrets, attempts, orgId: options.orgId }),
    redact: (text) => redact(text, secrets),
    cancelled,
    statusNotes: { 423: 'operations running' },
  });

  function call<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<{ data: T }>, opts: TCallOptions<T> = {}): Promise<T> {
    return retrying(
      meta,
      async () => {
        try {
          return (await fn({ signal: opts.signal })).data;
        } catch (error) {
          if (opts.signal?.aborted) throw cancelled();
          const handled = opts.handle?.(describeFailure(error).status);
          if (handled !== undefined) return handled;
          throw error;
        }
      },
      opts,
    );
  }

  return { sdk, call, secrets, redact: (text: string) => redact(text, secrets), orgId: options.orgId };
}

export type NeonApi = ReturnType<typeof createNeonApi>;

/** How long to wait before retrying, or null when the error is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, retryBaseDelayMs: number): number | null {
  // An axios error without a response is a network failure, unless the request was cancelled.
  if (!isAxiosError(error) || (!error.response && error.code === 'ERR_CANCELED')) return null;
  const failure = { status: error.response?.status, retryAfter: describeFailure(error).retryAfter };
  return delayBeforeRetry(failure, attempt, { retryBaseDelayMs }, { retryStatuses: [423] });
}
