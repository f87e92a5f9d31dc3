import { createVendorCall, delayBeforeRetry, nullIfNotFound, redact, type TCallOptions } from '@shipyard/deploy-core/provider-kit';
import { NetlifyHttpError, toAppError, vendorMessage, type TCallMeta } from './errors';
import type { TNetlifyConnectionOptions } from './options';

export { parseRateLimitReset, parseRetryAfter } from '@shipyard/deploy-core/provider-kit';

export interface TNetlifyRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the API base, e.g. `/sites/abc/deploys`. Segments must already be encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/octet-stream`. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

/**
 * Netlify's REST API over fetch, with one call path for every request: bearer auth, bounded
 * retries (429 after Retry-After / X-RateLimit-Reset, 5xx and network errors with backoff), a
 * per-request timeout, error mapping to AppError and token redaction.
 *
 * Why not `@netlify/api`: 15.x needs Node 22, and 14.x retries every 429 itself (five times,
 * sleeping until X-RateLimit-Reset with no upper bound, ignoring Retry-After and any abort
 * signal) — a deploy could hang for hours on the daily deploy limit. The requests here are the
 * same operations (createSite, createSiteDeploy, uploadDeployFile, …) as its OpenAPI spec.
 */
export function createNetlifyApi(options: TNetlifyConnectionOptions) {
  const secrets = [options.accessToken];
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  const retrying = createVendorCall<TCallMeta>({
    vendor: 'Netlify',
    policy: options,
    retryDelay: (error, attempt) => retryDelay(error, attempt, options),
    statusOf: (error) => (error instanceof NetlifyHttpError ? error.status : undefined),
    giveUp: (error, meta, attempts) => toAppError(error, meta, { secrets, attempts }),
    redact: (text) => redact(text, secrets),
  });

  async function once(req: TNetlifyRequest, signal: AbortSignal | undefined): Promise<unknown> {
    const url = new URL(`${base}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.accessToken}`,
      accept: 'application/json',
      'user-agent': 'shipyard-providers-netlify',
      ...req.headers,
    };
    let body: string | Uint8Array | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.bytes) {
      headers['content-type'] = 'application/octet-stream';
      body = req.bytes;
    }
    const timeout = AbortSignal.timeout(options.requestTimeoutMs);
    let res: Response;
    try {
      res = await fetch(url, { method: req.method, headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      const reason = timeout.aborted ? `no answer within ${Math.round(options.requestTimeoutMs / 1000)} s` : describeNetworkError(error);
      throw new NetlifyHttpError(undefined, reason, null, { cause: error });
    }
    const text = await res.text();
    if (!res.ok) throw new NetlifyHttpError(res.status, vendorMessage(text) || res.statusText, res.headers);
    if (!text) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  function call<T>(meta: TCallMeta, req: TNetlifyRequest | ((attempt: number) => TNetlifyRequest), opts: TCallOptions<T> = {}): Promise<T> {
    return retrying(meta, async (attempt) => (await once(typeof req === 'function' ? req(attempt) : req, opts.signal)) as T, opts);
  }

  /** Like `call`, but a 404 resolves to null. */
  function find<T>(meta: TCallMeta, req: TNetlifyRequest, opts: TCallOptions<T> = {}): Promise<T | null> {
    return nullIfNotFound(call<T>(meta, req, opts));
  }

  return { call, find, redact: (text: string) => redact(text, secrets) };
}

export type NetlifyApi = ReturnType<typeof createNetlifyApi>;

/** How long to wait before retrying, or null when the failure is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, policy: { retryBaseDelayMs: number }, now = Date.now()): number | null {
  if (!(error instanceof NetlifyHttpError)) return null;
  const failure = { status: error.status, retryAfter: error.headers?.get('retry-after'), rateLimitReset: error.headers?.get('x-ratelimit-reset') };
  return delayBeforeRetry(failure, attempt, policy, { now });
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String((cause as { code?: unknown }).code) : '';
  return [error instanceof Error ? error.message : String(error), cause?.message, code].filter(Boolean).join(': ');
}
