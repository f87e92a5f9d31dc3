import { AppError } from '@shipyard/core';
import { redact, toAppError, TursoHttpError, type TCallMeta } from './errors';
import type { TTursoConnectionOptions } from './options';

export interface TCallOptions<T> {
  signal?: AbortSignal;
  /** Progress lines for the deployment log (retries and waits). Never receives secrets. */
  log?: (message: string) => void;
  /** Turns an error status into a result instead of a failure (e.g. 409 → fetch the existing database). */
  handle?: (error: TursoHttpError) => Promise<T | undefined> | T | undefined;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The Turso Platform API over fetch. The official `@tursodatabase/api` SDK works on Node 20 but
 * hides the response headers (no Retry-After), takes no AbortSignal and no base URL per call, and
 * loses the status when an error body is not JSON — so this package speaks the documented REST
 * API directly, with one bounded retry policy: 429 waits for Retry-After, 5xx and network errors
 * back off exponentially, everything else fails at once.
 */
export function createTursoApi(options: TTursoConnectionOptions) {
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  const secrets: string[] = [options.apiToken];
  const org = encodeURIComponent(options.organization);

  async function once<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(options.requestTimeoutMs);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiToken}`,
          accept: 'application/json',
          'user-agent': 'shipyard-providers-turso',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new TursoHttpError(undefined, timeout.aborted ? `no answer within ${options.requestTimeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message));
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500) || response.statusText;
      try {
        const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
        if (typeof parsed.error === 'string') message = parsed.error;
        else if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        // Not JSON: keep the text.
      }
      throw new TursoHttpError(response.status, redact(message, secrets), response.headers.get('retry-after'));
    }
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new TursoHttpError(response.status, `the response is not JSON: ${text.slice(0, 200)}`);
    }
  }

  async function call<T>(meta: TCallMeta, method: string, path: string, body?: unknown, opts: TCallOptions<T> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once<T>(method, path, body, opts.signal);
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        if (error instanceof TursoHttpError && opts.handle) {
          const handled = await opts.handle(error);
          if (handled !== undefined) return handled;
        }
        const wait = retryDelay(error, attempt, options.retryBaseDelayMs);
        if (wait === null || attempt > options.maxRetries || wait > options.maxRetryAfterMs) {
          throw toAppError(error, meta, { organization: options.organization, secrets, attempts: attempt });
        }
        const status = error instanceof TursoHttpError ? error.status : undefined;
        opts.log?.(
          `Turso answered ${status ?? 'with a network error'} to "${meta.action}"${status === 429 ? ' (rate limited)' : ''}; retrying in ${formatMs(wait)} (retry ${attempt} of ${options.maxRetries}).`,
        );
        await sleep(wait, opts.signal);
      }
    }
  }

  return {
    call,
    organizationPath: `/v1/organizations/${org}`,
    redact: (text: string) => redact(text, secrets),
    secrets,
  };
}

export type TursoApi = ReturnType<typeof createTursoApi>;

/** How long to wait before retrying, or null when the error is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, retryBaseDelayMs: number): number | null {
  const backoff = () => Math.round(Math.min(retryBaseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS) * (0.8 + Math.random() * 0.4));
  if (!(error instanceof TursoHttpError)) return null;
  if (error.status === undefined) return backoff();
  if (error.status === 429) return parseRetryAfter(error.retryAfter) ?? backoff();
  if (error.status >= 500) return backoff();
  return null;
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
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
