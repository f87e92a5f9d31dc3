import { AppError } from '@shipyard/core';
import { createApiClient, type Api } from '@neondatabase/api-client';
import { describeFailure, isAxiosError, redact, toAppError, type TCallMeta } from './errors';
import type { TNeonConnectionOptions } from './options';

export interface TRequestOptions {
  signal?: AbortSignal;
}

export interface TCallOptions<T> {
  signal?: AbortSignal;
  log?: (message: string) => void;
  /** Turns an error status into a result (e.g. 404 on delete → already gone). */
  handle?: (status: number | undefined) => T | undefined;
  /** Before retrying a create: if the failed attempt did take effect, return its result. */
  recover?: () => Promise<T | undefined>;
}

const MAX_BACKOFF_MS = 30_000;

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

  async function call<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<{ data: T }>, opts: TCallOptions<T> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await fn({ signal: opts.signal })).data;
      } catch (error) {
        if (opts.signal?.aborted) throw new AppError('BAD_REQUEST', 'Cancelled.');
        const failure = describeFailure(error);
        if (opts.handle) {
          const handled = opts.handle(failure.status);
          if (handled !== undefined) return handled;
        }
        const wait = retryDelay(error, attempt, options.retryBaseDelayMs);
        if (wait === null || attempt > options.maxRetries || wait > options.maxRetryAfterMs) {
          throw toAppError(error, meta, { secrets, attempts: attempt, orgId: options.orgId });
        }
        opts.log?.(
          redact(
            `Neon answered ${failure.status ?? 'with a network error'} to "${meta.action}"${failure.status === 429 ? ' (rate limited)' : failure.status === 423 ? ' (operations running)' : ''}; retrying in ${formatMs(wait)} (retry ${attempt} of ${options.maxRetries}).`,
            secrets,
          ),
        );
        await sleep(wait, opts.signal);
        if (opts.recover) {
          const recovered = await opts.recover();
          if (recovered !== undefined) return recovered;
        }
      }
    }
  }

  return { sdk, call, secrets, redact: (text: string) => redact(text, secrets), orgId: options.orgId };
}

export type NeonApi = ReturnType<typeof createNeonApi>;

/** How long to wait before retrying, or null when the error is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, retryBaseDelayMs: number): number | null {
  const backoff = () => Math.round(Math.min(retryBaseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS) * (0.8 + Math.random() * 0.4));
  if (!isAxiosError(error)) return null;
  const status = error.response?.status;
  if (status === undefined) return error.code === 'ERR_CANCELED' ? null : backoff();
  if (status === 429) return parseRetryAfter(describeFailure(error).retryAfter) ?? backoff();
  if (status === 423 || status >= 500) return backoff();
  return null;
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('BAD_REQUEST', 'Cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('BAD_REQUEST', 'Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
