import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { z } from 'zod';

/**
 * The error codes every Shipyard package throws. The client receives the code as `data.appCode`;
 * the HTTP status comes from {@link errorCodeToTRPC}.
 */
export type TErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BUSY'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'PRECONDITION_FAILED'
  | 'PROVIDER_ERROR'
  | 'INTERNAL';

/** The single table mapping Shipyard error codes to tRPC codes (and so to HTTP statuses). */
export const errorCodeToTRPC: Record<TErrorCode, TRPC_ERROR_CODE_KEY> = {
  /** The request cannot be processed as sent (400); the message says what to change. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** Input failed validation (400); `data.zodError` holds the field errors when zod produced them. */
  VALIDATION: 'BAD_REQUEST',
  /** No session (401): the user must sign in. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** Signed in but not allowed (403): not a member, or the role is too low. */
  FORBIDDEN: 'FORBIDDEN',
  /** The thing does not exist, or the user may not know it exists (404). */
  NOT_FOUND: 'NOT_FOUND',
  /** The request conflicts with the current state, e.g. a duplicate name (409). */
  CONFLICT: 'CONFLICT',
  /** Another operation holds the resource, e.g. a generation already running (409); retry later. */
  BUSY: 'CONFLICT',
  /** Too many requests (429); `details.retryAfterMs` says when to retry. */
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  /** The upload or body is over a limit (413); the message names the limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A required earlier step is missing, e.g. deploying a project with no version (412). */
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  /** A third-party provider (AI, hosting, DNS, payments) failed (502); the message names it. */
  PROVIDER_ERROR: 'BAD_GATEWAY',
  /** A bug or an operator problem (500). The client only sees a generic message and a request id. */
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** Reverse direction, for errors that reach the boundary as plain tRPC errors. */
const trpcToErrorCode: Record<TRPC_ERROR_CODE_KEY, TErrorCode> = {
  PARSE_ERROR: 'BAD_REQUEST',
  BAD_REQUEST: 'BAD_REQUEST',
  INTERNAL_SERVER_ERROR: 'INTERNAL',
  NOT_IMPLEMENTED: 'INTERNAL',
  BAD_GATEWAY: 'PROVIDER_ERROR',
  SERVICE_UNAVAILABLE: 'BUSY',
  GATEWAY_TIMEOUT: 'PROVIDER_ERROR',
  UNAUTHORIZED: 'UNAUTHORIZED',
  PAYMENT_REQUIRED: 'PRECONDITION_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'BAD_REQUEST',
  TIMEOUT: 'BUSY',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  PRECONDITION_REQUIRED: 'PRECONDITION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'BAD_REQUEST',
  UNPROCESSABLE_CONTENT: 'VALIDATION',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  CLIENT_CLOSED_REQUEST: 'BAD_REQUEST',
};

const ERROR_CODES = new Set<string>(Object.keys(errorCodeToTRPC));
const APP_ERROR_BRAND = Symbol.for('@shipyard/core.AppError');

export type TAppErrorOptions = {
  /** Extra facts for the client (sent for every code except INTERNAL): keep them user-safe. */
  details?: Record<string, unknown>;
  cause?: unknown;
};

/**
 * The one error type packages throw. The message is shown to the user (except for INTERNAL), so it
 * says what happened and what to do next.
 *
 * ```ts
 * throw new AppError('NOT_FOUND', 'This project does not exist or was deleted.');
 * throw new AppError({ code: 'BUSY', message: 'A generation is already running; wait for it to finish.' });
 * ```
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: TErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: TErrorCode, message: string, options?: TAppErrorOptions);
  constructor(init: { code: TErrorCode; message: string } & TAppErrorOptions);
  constructor(
    codeOrInit: TErrorCode | ({ code: TErrorCode; message: string } & TAppErrorOptions),
    message?: string,
    options?: TAppErrorOptions,
  ) {
    const init =
      typeof codeOrInit === 'string'
        ? { code: codeOrInit, message: message ?? '', ...options }
        : codeOrInit;
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    if (init.details !== undefined) this.details = init.details;
    Object.defineProperty(this, APP_ERROR_BRAND, { value: true, enumerable: false });
  }

  /** True for any AppError, including one created by another copy of this package. */
  static is(e: unknown): e is AppError {
    return (
      typeof e === 'object' &&
      e !== null &&
      (e as { [APP_ERROR_BRAND]?: unknown })[APP_ERROR_BRAND] === true &&
      ERROR_CODES.has((e as { code?: unknown }).code as string)
    );
  }
}

export function isZodError(e: unknown): e is z.core.$ZodError {
  return e instanceof z.core.$ZodError;
}

function isTRPCError(e: unknown): e is TRPCError {
  return e instanceof TRPCError || (e instanceof Error && e.name === 'TRPCError' && 'code' in e);
}

/** Walks `error.cause` (bounded) and returns the first value matching `predicate`. */
export function findCause<T>(error: unknown, predicate: (e: unknown) => e is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current != null; depth += 1) {
    if (predicate(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const INVALID_INPUT_MESSAGE = 'Some fields are invalid; correct them and try again.';

function fromAppError(e: AppError): TRPCError {
  return new TRPCError({ code: errorCodeToTRPC[e.code], message: e.message, cause: e });
}

/**
 * Converts anything thrown into the TRPCError the client should receive: an AppError keeps its
 * message and maps its code through {@link errorCodeToTRPC}, a ZodError becomes a validation error,
 * anything else becomes INTERNAL_SERVER_ERROR (its message is hidden from clients by the formatter).
 */
export function toTRPCError(e: unknown): TRPCError {
  if (isTRPCError(e)) {
    // tRPC wraps whatever a resolver throws in INTERNAL_SERVER_ERROR; restore the AppError's code.
    if (e.code === 'INTERNAL_SERVER_ERROR' && AppError.is(e.cause)) {
      return fromAppError(e.cause);
    }
    return e;
  }
  if (AppError.is(e)) return fromAppError(e);
  if (isZodError(e))
    return new TRPCError({ code: 'BAD_REQUEST', message: INVALID_INPUT_MESSAGE, cause: e });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: e });
}

/** The Shipyard code for any thrown value, as the client will see it in `data.appCode`. */
export function getAppErrorCode(e: unknown): TErrorCode {
  if (AppError.is(e)) return e.code;
  if (isTRPCError(e)) {
    const normalized = toTRPCError(e);
    const cause = normalized.cause;
    if (AppError.is(cause) && errorCodeToTRPC[cause.code] === normalized.code) return cause.code;
    if (normalized.code === 'BAD_REQUEST' && isZodError(cause)) return 'VALIDATION';
    return trpcToErrorCode[normalized.code] ?? 'INTERNAL';
  }
  if (isZodError(e)) return 'VALIDATION';
  return 'INTERNAL';
}
