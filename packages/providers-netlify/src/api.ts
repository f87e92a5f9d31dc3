import { NetlifyHttpError, redact, toAppError, vendorMessage, type TCallMeta } from './errors';
import type { TNetlifyConnectionOptions } from './options';

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

export interface TCallOptions<T> {
  signal?: AbortSignal;
  /** Progress lines for the deployment log (retries and waits). Never receives secrets. */
  log?: (message: string) => void;
  /**
   * Runs before each retry of a call that is not idempotent (creating a site or a deploy): when
   * the failed attempt did take effect, it returns the result and the call is not repeated.
   */
  recover?: () => Promise<T | undefined>;
}

const MAX_BACKOFF_MS = 30_000;

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

  async function call<T>(meta: TCallMeta, req: TNetlifyRequest | ((attempt: number) => TNetlifyRequest), opts: TCallOptions<T> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await once(typeof req === 'function' ? req(attempt) : req, opts.signal)) as T;
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        const wait = retryDelay(error, attempt, options);
        if (wait === null || attempt > options.maxRetries || wait > options.maxRetryAfterMs) {
          throw toAppError(error, meta, { secrets, attempts: attempt });
        }
        const status = error instanceof NetlifyHttpError ? error.status : undefined;
        opts.log?.(
          redact(
            `Netlify answered ${status ?? 'with a network error'} to "${meta.action}"${status === 429 ? ' (rate limited)' : ''}; ` +
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
  async function find<T>(meta: TCallMeta, req: TNetlifyRequest, opts: TCallOptions<T> = {}): Promise<T | null> {
    try {
      return await call<T>(meta, req, opts);
    } catch (error) {
      if (typeof error === 'object' && error !== null && (error as { code?: string }).code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  return { call, find, redact: (text: string) => redact(text, secrets) };
}

export type NetlifyApi = ReturnType<typeof createNetlifyApi>;

/** How long to wait before retrying, or null when the failure is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, policy: { retryBaseDelayMs: number }, now = Date.now()): number | null {
  if (!(error instanceof NetlifyHttpError)) return null;
  const backoff = () => {
    const base = Math.min(policy.retryBaseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };
  if (error.status === undefined) return backoff();
  if (error.status === 429) {
    return (
      parseRetryAfter(error.headers?.get('retry-after') ?? null, now) ??
      parseRateLimitReset(error.headers?.get('x-ratelimit-reset') ?? null, now) ??
      backoff()
    );
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

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String((cause as { code?: unknown }).code) : '';
  return [error instanceof Error ? error.message : String(error), cause?.message, code].filter(Boolean).join(': ');
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/** Runs `fn` over `items` with at most `concurrency` in flight; the first failure stops new work. */
export async function mapLimit<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
