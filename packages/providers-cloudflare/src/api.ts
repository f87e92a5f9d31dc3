import Cloudflare, { APIError } from 'cloudflare';
import { describeFailure, isAbort, isConnectionError, redact, toAppError, type TCallMeta } from './errors';
import type { TCloudflareConnectionOptions } from './options';

export interface TCallOptions<T> {
  signal?: AbortSignal;
  /** Progress lines for the deployment log (retries and waits). Never receives secrets. */
  log?: (message: string) => void;
  /**
   * Runs before each retry of a call that is not idempotent (e.g. creating a deployment): if
   * the failed attempt did take effect, it returns the result and the call is not repeated.
   */
  recover?: () => Promise<T | undefined>;
}

export interface TRequestOptions {
  signal?: AbortSignal;
}

/** Retry policy: 429 waits for Retry-After, 5xx and network errors back off exponentially. */
export interface TRetryPolicy {
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryAfterMs: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The Cloudflare SDK client plus the one call path every request goes through: bounded retries
 * (the SDK's own retries are off so that 409s are never retried and the bound is ours), error
 * mapping to AppError, and token redaction.
 */
export function createCloudflareApi(options: TCloudflareConnectionOptions) {
  const secrets: string[] = [options.apiToken];
  const sdk = makeClient(options.apiToken);

  function makeClient(token: string): Cloudflare {
    return new Cloudflare({
      apiToken: token,
      // Explicit nulls: the SDK would otherwise pick up CLOUDFLARE_API_KEY / CLOUDFLARE_EMAIL
      // from the process environment and send them alongside the token.
      apiKey: null,
      apiEmail: null,
      userServiceKey: null,
      baseURL: options.apiBaseUrl,
      maxRetries: 0,
      timeout: options.requestTimeoutMs,
      logLevel: 'off',
    });
  }

  /** A client authenticated with a Pages upload JWT (for /pages/assets/*). */
  function withToken(token: string): Cloudflare {
    if (!secrets.includes(token)) secrets.push(token);
    return makeClient(token);
  }

  async function call<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T> {
    const max = options.maxRetries;
    for (let attempt = 1; ; attempt++) {
      try {
        // A child signal per request: the SDK adds an abort listener to the signal it is given
        // and never removes it, which would pile up on a deployment-long signal.
        return await fn({ signal: opts.signal ? AbortSignal.any([opts.signal]) : undefined });
      } catch (error) {
        if (isAbort(error) || opts.signal?.aborted) throw error;
        const wait = retryDelay(error, attempt, options);
        if (wait === null || attempt > max) {
          throw toAppError(error, meta, { accountId: options.accountId, secrets, attempts: attempt });
        }
        if (wait > options.maxRetryAfterMs) {
          throw toAppError(error, meta, { accountId: options.accountId, secrets, attempts: attempt });
        }
        const failure = describeFailure(error);
        opts.log?.(
          redact(
            `Cloudflare answered ${failure.status ?? 'with a network error'} to "${meta.action}"` +
              `${failure.status === 429 ? ' (rate limited)' : ''}; retrying in ${formatMs(wait)} (retry ${attempt} of ${max}).`,
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

  /** Like `call`, but a 404 resolves to null. */
  async function find<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T | null> {
    try {
      return await call(meta, fn, opts);
    } catch (error) {
      if (typeof error === 'object' && error !== null && (error as { code?: string }).code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  return {
    sdk,
    withToken,
    call,
    find,
    accountId: options.accountId,
    redact: (text: string) => redact(text, secrets),
  };
}

export type CloudflareApi = ReturnType<typeof createCloudflareApi>;

/** How long to wait before retrying, or null when the error is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, policy: Pick<TRetryPolicy, 'retryBaseDelayMs'>): number | null {
  const backoff = () => {
    const base = Math.min(policy.retryBaseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };
  if (isConnectionError(error)) return backoff();
  if (!(error instanceof APIError) || error.status === undefined) return null;
  if (error.status === 429) {
    const after = parseRetryAfter(error.headers?.get('retry-after') ?? null);
    return after ?? backoff();
  }
  if (error.status >= 500) return backoff();
  return null;
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
