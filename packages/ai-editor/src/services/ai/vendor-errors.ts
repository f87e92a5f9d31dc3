import { AiProviderError, redactSecrets } from './errors';

/** What went wrong talking to a vendor, independent of which SDK reported it. */
export type TVendorFailure =
  | { kind: 'aborted' }
  | { kind: 'timeout' }
  | { kind: 'connection'; detail: string | undefined }
  | {
      kind: 'http';
      status: number;
      message: string | undefined;
      errorType: string | undefined;
      errorCode: string | undefined;
      headers: Headers | undefined;
      requestId: string | undefined;
    }
  | { kind: 'stream-error'; message: string | undefined; errorType: string | undefined; requestId: string | undefined }
  | { kind: 'malformed'; detail: string }
  | { kind: 'unknown'; detail: string };

export interface TVendorContext {
  providerId: string;
  /** "the OpenAI API", "the Anthropic API", "the OpenAI-compatible server at http://…" */
  service: string;
  keyVariable: string;
  modelVariable: string;
  /** Set when the base URL is configurable through an env var (hints in connection errors). */
  baseURLVariable: string | undefined;
  baseURL: string;
  apiKey: string;
  model: string;
  maxRetries: number;
  timeoutMs: number;
}

const MAX_VENDOR_MESSAGE = 400;

export function toAiProviderError(failure: TVendorFailure, ctx: TVendorContext): AiProviderError {
  const base = { providerId: ctx.providerId };
  const Service = capitalize(ctx.service);
  const vendorSays = (message: string | undefined): string => {
    const clean = message ? redactSecrets(message, [ctx.apiKey]).trim().replace(/\.+$/, '') : '';
    if (!clean) return '';
    return `: ${clean.length > MAX_VENDOR_MESSAGE ? `${clean.slice(0, MAX_VENDOR_MESSAGE)}…` : clean}`;
  };

  switch (failure.kind) {
    case 'aborted':
      return new AiProviderError('CANCELLED', 'The generation was cancelled.', base);

    case 'timeout':
      return new AiProviderError(
        'UNAVAILABLE',
        `${Service} did not answer within ${Math.round(ctx.timeoutMs / 1000)} s. Try again in a few minutes.`,
        base,
      );

    case 'connection': {
      const hint = ctx.baseURLVariable
        ? `Check the network and ${ctx.baseURLVariable}, and that the server is running.`
        : 'Check the network connection.';
      const detail = failure.detail ? ` (${redactSecrets(failure.detail, [ctx.apiKey])})` : '';
      return new AiProviderError('UNAVAILABLE', `Could not reach ${ctx.service} at ${ctx.baseURL}${detail}. ${hint}`, base);
    }

    case 'malformed': {
      const hint = ctx.baseURLVariable
        ? ` If it keeps happening, check that ${ctx.baseURLVariable} points at a compatible server.`
        : '';
      return new AiProviderError(
        'BAD_RESPONSE',
        `${Service} sent a malformed stream event (${redactSecrets(failure.detail, [ctx.apiKey]).slice(0, 200)}). Try again.${hint}`,
        base,
      );
    }

    case 'stream-error': {
      const opts = { ...base, ...(failure.requestId ? { requestId: failure.requestId } : {}) };
      if (failure.errorType === 'rate_limit_error') {
        return new AiProviderError(
          'RATE_LIMITED',
          `${Service} is rate limiting requests${vendorSays(failure.message)}. Try again in a minute.`,
          opts,
        );
      }
      return new AiProviderError(
        'UNAVAILABLE',
        `${Service} stopped the response with an error${vendorSays(failure.message)}. Try again in a few minutes.`,
        opts,
      );
    }

    case 'http':
      return httpError(failure, ctx, Service, vendorSays);

    case 'unknown':
      return new AiProviderError(
        'UNAVAILABLE',
        `Unexpected failure talking to ${ctx.service}: ${redactSecrets(failure.detail, [ctx.apiKey]).slice(0, MAX_VENDOR_MESSAGE)}. Try again.`,
        base,
      );
  }
}

function httpError(
  failure: Extract<TVendorFailure, { kind: 'http' }>,
  ctx: TVendorContext,
  Service: string,
  vendorSays: (message: string | undefined) => string,
): AiProviderError {
  const { status } = failure;
  const opts = {
    providerId: ctx.providerId,
    status,
    ...(failure.requestId ? { requestId: failure.requestId } : {}),
  };
  const attempts = failure.headers?.get('x-should-retry') === 'false' ? 1 : ctx.maxRetries + 1;
  const afterAttempts = attempts > 1 ? ` after ${attempts} attempts` : '';

  if (status === 401) {
    // The vendor's own 401 text may quote part of the key: never pass it on.
    return new AiProviderError('AUTH', `${Service} rejected the key (HTTP 401). Check ${ctx.keyVariable}.`, opts);
  }
  if (status === 403) {
    return new AiProviderError(
      'AUTH',
      `${Service} refused this key access (HTTP 403)${vendorSays(failure.message)}. Check ${ctx.keyVariable} and that the key may use model "${ctx.model}".`,
      opts,
    );
  }
  if (status === 429) {
    const retryAfterMs = failure.headers ? parseRetryAfterMs(failure.headers) : undefined;
    if (failure.errorCode === 'insufficient_quota' || failure.errorType === 'insufficient_quota') {
      return new AiProviderError(
        'RATE_LIMITED',
        `${Service} says the account has no quota left (HTTP 429)${vendorSays(failure.message)}. Add credits to the account or use another ${ctx.keyVariable}.`,
        opts,
      );
    }
    const when = retryAfterMs === undefined ? 'in a minute' : `in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`;
    return new AiProviderError(
      'RATE_LIMITED',
      `${Service} is rate limiting requests (HTTP 429${afterAttempts})${vendorSays(failure.message)}. Try again ${when}.`,
      { ...opts, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    );
  }
  if (status === 402) {
    return new AiProviderError(
      'UNAVAILABLE',
      `${Service} declined the request for billing reasons (HTTP 402)${vendorSays(failure.message)}. Check the account's billing.`,
      opts,
    );
  }
  if (status === 404) {
    const baseHint = ctx.baseURLVariable ? ` and ${ctx.baseURLVariable}` : '';
    return new AiProviderError(
      'UNAVAILABLE',
      `${Service} does not offer model "${ctx.model}" at ${ctx.baseURL} (HTTP 404)${vendorSays(failure.message)}. Choose another model or check ${ctx.modelVariable}${baseHint}.`,
      opts,
    );
  }
  if (status === 413) {
    return new AiProviderError(
      'UNAVAILABLE',
      `${Service} says the request is too large (HTTP 413)${vendorSays(failure.message)}. Send fewer or smaller files.`,
      opts,
    );
  }
  if (status >= 500) {
    return new AiProviderError(
      'UNAVAILABLE',
      `${Service} failed with HTTP ${status}${afterAttempts}${vendorSays(failure.message)}. Try again in a few minutes.`,
      opts,
    );
  }
  return new AiProviderError(
    'UNAVAILABLE',
    `${Service} rejected the request (HTTP ${status})${vendorSays(failure.message)}. Check the model "${ctx.model}" and the request options.`,
    opts,
  );
}

/** `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date), as milliseconds. */
export function parseRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const header = headers.get('retry-after');
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date ("Fri, 21 Nov 2025 10:00:30 GMT"); anything without letters is junk.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

/** Finds a Node error code (ECONNREFUSED, ENOTFOUND, …) or message in an error's cause chain. */
export function describeCause(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error && error.message ? error.message : undefined;
}

/**
 * The SDKs retry 408/409/429/5xx and connection errors themselves (honouring
 * retry-after); we keep that and bound it: default 2 retries, at most 5.
 */
export function clampMaxRetries(value: number | undefined): number {
  if (value === undefined) return 2;
  if (!Number.isInteger(value) || value < 0) return 0;
  return Math.min(value, 5);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
