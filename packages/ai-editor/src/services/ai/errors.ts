/**
 * The one error type every AI provider throws from `stream()`.
 *
 * Codes:
 * - `AUTH`          the vendor rejected the credentials (fix the key; retrying will not help)
 * - `RATE_LIMITED`  the vendor is throttling; `retryAfterMs` says when to try again, if known
 * - `UNAVAILABLE`   the vendor failed or could not be reached, or refused the request
 *                   (5xx, network, unknown model) — the message carries the vendor's reason
 * - `BAD_RESPONSE`  the vendor answered with something unusable (malformed stream,
 *                   stream ended before the model finished, output blocked by a filter)
 * - `CANCELLED`     the caller aborted through `options.signal`
 *
 * Messages are written for the user and never contain the API key.
 */
export type TAiProviderErrorCode = 'AUTH' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'BAD_RESPONSE' | 'CANCELLED';

export const AI_PROVIDER_ERROR_CODES: readonly TAiProviderErrorCode[] = [
  'AUTH',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'BAD_RESPONSE',
  'CANCELLED',
];

// Symbol.for: the brand is shared across duplicate installs of this package.
const BRAND = Symbol.for('@shipyard/ai-editor/AiProviderError');

export interface TAiProviderErrorOptions {
  /** Provider id ('openai', 'anthropic', …). */
  providerId: string;
  /** Milliseconds to wait before retrying (RATE_LIMITED only). */
  retryAfterMs?: number;
  /** HTTP status of the vendor response, when there was one. */
  status?: number;
  /** Vendor request id, for support tickets. */
  requestId?: string;
}

export class AiProviderError extends Error {
  readonly code: TAiProviderErrorCode;
  readonly providerId: string;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(code: TAiProviderErrorCode, message: string, options: TAiProviderErrorOptions) {
    super(message);
    this.name = 'AiProviderError';
    this.code = code;
    this.providerId = options.providerId;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.requestId = options.requestId;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** True for an AiProviderError, even one created by another copy of this package. */
  static is(error: unknown): error is AiProviderError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
  }

  toJSON(): {
    name: string;
    code: TAiProviderErrorCode;
    message: string;
    providerId: string;
    retryAfterMs?: number;
    status?: number;
    requestId?: string;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      providerId: this.providerId,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
    };
  }
}

const KEY_LIKE = /\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

/**
 * Removes the API key (and anything shaped like a vendor key or bearer token) from text
 * that came from a vendor, before it goes into an error message.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(KEY_LIKE, '[redacted]');
}
