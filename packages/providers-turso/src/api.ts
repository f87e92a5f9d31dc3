import { AppError } from '@shipyard/core';
import { createVendorCall, delayBeforeRetry, redact, type TCallOptions as TKitCallOptions } from '@shipyard/deploy-core/provider-kit';
import { toAppError, TursoHttpError, type TCallMeta } from './errors';
import type { TTursoConnectionOptions } from './options';

export { parseRetryAfter } from '@shipyard/deploy-core/provider-kit';

export interface TCallOptions<T> extends Omit<TKitCallOptions<T>, 'recover'> {
  /** Turns an error status into a result instead of a failure (e.g. 409 → fetch the existing database). */
  handle?: (error: TursoHttpError) => Promise<T | undefined> | T | undefined;
}

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
  const retrying = createVendorCall<TCallMeta>({
    vendor: 'Turso',
    policy: options,
    retryDelay: (error, attempt) => retryDelay(error, attempt, options.retryBaseDelayMs),
    statusOf: (error) => (error instanceof TursoHttpError ? error.status : undefined),
    giveUp: (error, meta, attempts) => toAppError(error, meta, { organization: options.organization, secrets, attempts }),
    redact: (text) => redact(text, secrets),
    cancelled: () => new AppError('BAD_REQUEST', 'Cancelled.'),
  });

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

  function call<T>(meta: TCallMeta, method: string, path: string, body?: unknown, opts: TCallOptions<T> = {}): Promise<T> {
    return retrying(
      meta,
      async () => {
        try {
          return await once<T>(method, path, body, opts.signal);
        } catch (error) {
          if (!opts.signal?.aborted && error instanceof TursoHttpError && opts.handle) {
            const handled = await opts.handle(error);
            if (handled !== undefined) return handled;
          }
          throw error;
        }
      },
      opts,
    );
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
  const failure = error instanceof TursoHttpError ? { status: error.status, retryAfter: error.retryAfter } : null;
  return delayBeforeRetry(failure, attempt, { retryBaseDelayMs });
}
