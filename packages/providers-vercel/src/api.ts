import { Vercel } from '@vercel/sdk';
import { describeFailure, isAbort, isNetworkError, redact, toAppError, type TCallMeta } from './errors';
import type { TVercelConnectionOptions } from './options';

export interface TCallOptions<T> {
  signal?: AbortSignal;
  /** Progress lines for the deployment log (retries and waits). Never receives secrets. */
  log?: (message: string) => void;
  /** Before each retry of a call that is not idempotent: the result a lost response produced, if any. */
  recover?: () => Promise<T | undefined>;
}

/** Per-request options handed to the SDK (abort signal; the SDK's own retries stay off). */
export interface TRequestOptions {
  fetchOptions: { signal?: AbortSignal };
}

const MAX_BACKOFF_MS = 30_000;

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

  async function call<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn({ fetchOptions: { signal: opts.signal } });
      } catch (error) {
        if (isAbort(error) || opts.signal?.aborted) throw error;
        const wait = retryDelay(error, attempt, options);
        if (wait === null || attempt > options.maxRetries || wait > options.maxRetryAfterMs) {
          throw toAppError(error, meta, { teamId: options.teamId, secrets, attempts: attempt });
        }
        const f = describeFailure(error);
        opts.log?.(
          redact(
            `Vercel answered ${f.status ?? 'with a network error'} to "${meta.action}"${f.status === 429 ? ' (rate limited)' : ''}; ` +
              `retrying in ${formatMs(wait)} (retry ${attempt} of ${options.maxRetries}).`,
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

  return { sdk, team, call, find, teamId: options.teamId, redact: (text: string) => redact(text, secrets) };
}

export type VercelApi = ReturnType<typeof createVercelApi>;

/** How long to wait before retrying, or null when the failure is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, policy: { retryBaseDelayMs: number }, now = Date.now()): number | null {
  const backoff = () => {
    const base = Math.min(policy.retryBaseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };
  if (isNetworkError(error)) return backoff();
  const f = describeFailure(error);
  if (f.status === undefined) return null;
  if (f.status === 429) {
    return parseRetryAfter(f.headers?.get('retry-after') ?? null, now) ?? parseRateLimitReset(f.headers?.get('x-ratelimit-reset') ?? null, now) ?? backoff();
  }
  if (f.status >= 500) return backoff();
  return null;
}

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

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/** Runs `fn` over `items` with at most `concurrency` in flight; the first failure stops new work. */
export async function mapLimit<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
