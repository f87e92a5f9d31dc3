export type TLocalHostErrorCode =
  /** The input is invalid (slug, deployment id, env var, domain, build); the message says what to change. */
  | 'VALIDATION'
  /** The app, deployment or domain does not exist. */
  | 'NOT_FOUND'
  /** The request conflicts with what exists, e.g. a deployment id reused for a different build, a domain taken. */
  | 'CONFLICT'
  /** The deployment's worker failed to start in workerd; `details.output` holds the runtime's output. */
  | 'DEPLOY_FAILED'
  /** A database statement failed; nothing was written (imports are atomic). */
  | 'DATABASE_ERROR'
  /** The host is closed or its runtime could not start. */
  | 'UNAVAILABLE';

const LOCAL_HOST_ERROR_BRAND = Symbol.for('@shipyard/providers-local.LocalHostError');

/** Every error the local host throws. The message is safe to show to the user and says what to do. */
export class LocalHostError extends Error {
  override readonly name = 'LocalHostError';
  readonly code: TLocalHostErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: TLocalHostErrorCode, message: string, options?: { details?: Record<string, unknown>; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.details !== undefined) this.details = options.details;
    Object.defineProperty(this, LOCAL_HOST_ERROR_BRAND, { value: true, enumerable: false });
  }

  /** True for any LocalHostError, including one created by another copy of this package. */
  static is(e: unknown): e is LocalHostError {
    return typeof e === 'object' && e !== null && (e as { [LOCAL_HOST_ERROR_BRAND]?: unknown })[LOCAL_HOST_ERROR_BRAND] === true;
  }
}

