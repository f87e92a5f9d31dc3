import Cloudflare, { APIError } from 'cloudflare';
import { createVendorCall, delayBeforeRetry, nullIfNotFound, redact, type TCallOptions, type TRetryPolicy } from '@shipyard/deploy-core/provider-kit';
import { describeFailure, isAbort, isConnectionError, toAppError, type TCallMeta } from './errors';
import type { TCloudflareConnectionOptions } from './options';

export { parseRetryAfter } from '@shipyard/deploy-core/provider-kit';

export interface TRequestOptions {
  signal?: AbortSignal;
}

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

  const retrying = createVendorCall<TCallMeta>({
    vendor: 'Cloudflare',
    policy: options,
    retryDelay: (error, attempt) => retryDelay(error, attempt, options),
    statusOf: (error) => describeFailure(error).status,
    giveUp: (error, meta, attempts) => toAppError(error, meta, { accountId: options.accountId, secrets, attempts }),
    redact: (text) => redact(text, secrets),
    isAbort,
  });

  function call<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T> {
    // A child signal per request: the SDK adds an abort listener to the signal it is given and
    // never removes it, which would pile up on a deployment-long signal.
    return retrying(meta, () => fn({ signal: opts.signal ? AbortSignal.any([opts.signal]) : undefined }), opts);
  }

  /** Like `call`, but a 404 resolves to null. */
  function find<T>(meta: TCallMeta, fn: (req: TRequestOptions) => Promise<T>, opts: TCallOptions<T> = {}): Promise<T | null> {
    return nullIfNotFound(call(meta, fn, opts));
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
  if (isConnectionError(error)) return delayBeforeRetry({ status: undefined }, attempt, policy);
  if (!(error instanceof APIError) || error.status === undefined) return null;
  return delayBeforeRetry({ status: error.status, retryAfter: error.headers?.get('retry-after') }, attempt, policy);
}
