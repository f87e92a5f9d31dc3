import { AppError, type TErrorCode } from '@shipyard/core';

/** Replaces every occurrence of the secrets (at least `minLength` characters) in a text. */
export function redact(
  text: string,
  secrets: readonly (string | undefined)[],
  minLength = 6,
): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= minLength) out = out.split(s).join('[redacted]');
  return out;
}

/** Hides the password of every `postgres://user:password@` URL in a text. */
export function hidePostgresPasswords(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@');
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a vendor API call was doing, so a failure can say it in the user's words. */
export interface TVendorCallMeta {
  /** A verb phrase: "create the Pages project shipyard-notes". */
  action: string;
  /** The thing a 404 means is missing: "the Pages project shipyard-notes". */
  resource?: string;
  /** What to do when the vendor answers that the name is taken. */
  conflictHint?: string;
}

/** A failed vendor call in the words its AppError needs. */
export interface TVendorFailure {
  /** undefined: no answer (network error, timeout). */
  status: number | undefined;
  /** The answer as messages quote it: "HTTP 404, code 8000007: Project not found". */
  said: string;
  /** The vendor's message alone, quoted when its API could not be reached. */
  message: string;
  /** Which limit a 429 hit, when the vendor names it. */
  limit?: string | null;
}

/** The cases every vendor's failures fall into, each with its own message and error code. */
export type TFailureCase =
  | 'rejected-token'
  | 'forbidden'
  | 'not-found'
  | 'name-taken'
  | 'rate-limited'
  | 'vendor-error'
  | 'unreachable'
  | 'refused';

/** What the vendor's sentences may use. */
export interface TFailureWords<TMeta, TContext> {
  meta: TMeta;
  context: TContext;
  /** The scope (permission) the call needs, as the vendor names it. */
  scope: string;
  said: string;
  /** " after 3 attempts" when the call was retried, else "". */
  attempts: string;
}

/** The parts of a vendor's failure messages that are its own; the rest is shared. */
export interface TVendorErrorSpec<
  TMeta extends TVendorCallMeta,
  TContext,
  F extends TVendorFailure,
> {
  /** `details.provider` of the AppError: "cloudflare". */
  provider: string;
  /** The vendor as messages name it: "Cloudflare". */
  vendor: string;
  /** The vendor's status page, named when it fails with a 5xx. */
  statusPage: string;
  scope(meta: TMeta): string;
  describe(error: unknown): F;
  /** The case when the status alone does not say it (a 403 that means a revoked token). */
  caseOf?(failure: F): TFailureCase | undefined;
  /** Answers only this vendor gives (Neon's 423), checked first. */
  special?(
    failure: F,
    words: TFailureWords<TMeta, TContext>,
  ): { code: TErrorCode; message: string } | undefined;
  /** What a 401 says the vendor rejected: "the API token". */
  credential: string;
  /** What to do about a rejected token. */
  renewToken(words: TFailureWords<TMeta, TContext>): string;
  /** What a 403 says the token may not do: "the token may not create … in organization acme". */
  denied(words: TFailureWords<TMeta, TContext>): string;
  /** What to do about a 403. */
  grant(words: TFailureWords<TMeta, TContext>): string;
  /** Where a missing resource was looked for: " in organization acme". */
  where(words: TFailureWords<TMeta, TContext>): string;
  /** The resource a 404 names when the call did not say which. */
  resource: string;
  /** After a 404: "it may have been deleted in the Neon console." */
  missing: string;
  /** After a 429: who else shares the limit. */
  rateLimit: string;
  /** Statuses of refused requests that are the request's own fault (BAD_REQUEST, not PROVIDER_ERROR). */
  badRequest?: readonly number[];
  /** Extra `details` of the AppError, between `status` and `scope`. */
  details?(failure: F): Record<string, unknown>;
  /** How secrets are removed from the message (default: `redact`). */
  redact?(text: string, secrets: readonly string[]): string;
}

function caseOfStatus(status: number | undefined): TFailureCase {
  if (status === undefined) return 'unreachable';
  if (status === 401) return 'rejected-token';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'name-taken';
  if (status === 429) return 'rate-limited';
  return status >= 500 ? 'vendor-error' : 'refused';
}

/** The message and code of each shared case. */
function sharedAnswer<TMeta extends TVendorCallMeta, TContext, F extends TVendorFailure>(
  spec: TVendorErrorSpec<TMeta, TContext, F>,
  failure: F,
  words: TFailureWords<TMeta, TContext>,
): { code: TErrorCode; message: string } {
  const { vendor: v } = spec;
  const { meta, scope, said, attempts } = words;
  const { action } = meta;
  const kind = spec.caseOf?.(failure) ?? caseOfStatus(failure.status);
  switch (kind) {
    case 'rejected-token':
      return {
        code: 'PRECONDITION_FAILED',
        message: `${v} token invalid or missing scope ${scope}: ${v} rejected ${spec.credential} while trying to ${action} (${said}). ${spec.renewToken(words)}`,
      };
    case 'forbidden':
      return {
        code: 'PRECONDITION_FAILED',
        message: `${v} token invalid or missing scope ${scope}: ${spec.denied(words)} (${said}). ${spec.grant(words)}`,
      };
    case 'not-found':
      return {
        code: 'NOT_FOUND',
        message: `${capitalize(meta.resource ?? spec.resource)} does not exist${spec.where(words)} (${said}); ${spec.missing}`,
      };
    case 'name-taken':
      return {
        code: 'CONFLICT',
        message: `${v} could not ${action}: the name is already taken (${said}). ${meta.conflictHint ?? 'Choose another name and try again.'}`,
      };
    case 'rate-limited':
      return {
        code: 'RATE_LIMITED',
        message: `${v} kept rate-limiting the request to ${action} (HTTP 429${attempts}${failure.limit ? `, ${failure.limit}` : ''}). Wait a few minutes and try again; ${spec.rateLimit}`,
      };
    case 'vendor-error':
      return {
        code: 'PROVIDER_ERROR',
        message: `${v} failed to ${action}${attempts} (${said}). The error is on ${v}'s side: try again in a few minutes, and check ${spec.statusPage} if it persists.`,
      };
    case 'unreachable':
      return {
        code: 'PROVIDER_ERROR',
        message: `Could not reach the ${v} API to ${action}${attempts} (${failure.message}). Check the network and apiBaseUrl, then try again.`,
      };
    case 'refused': {
      const { status } = failure;
      const own = status !== undefined && spec.badRequest?.includes(status);
      return {
        code: own ? 'BAD_REQUEST' : 'PROVIDER_ERROR',
        message: `${v} refused to ${action} (${said}).`,
      };
    }
  }
}

/**
 * Builds a vendor's `toAppError`: it turns a failed call into the AppError a user sees — what was
 * being done, what the vendor answered, and what to do — and never includes a secret.
 */
export function createVendorErrors<
  TMeta extends TVendorCallMeta,
  TContext,
  F extends TVendorFailure,
>(spec: TVendorErrorSpec<TMeta, TContext, F>) {
  const clean = spec.redact ?? redact;
  return function toAppError(
    error: unknown,
    meta: TMeta,
    context: TContext & { secrets: readonly string[]; attempts?: number },
  ): AppError {
    if (AppError.is(error)) return error;
    const failure = spec.describe(error);
    const scope = spec.scope(meta);
    const attempts =
      context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
    const words = { meta, context, scope, said: failure.said, attempts };
    const { code, message } = spec.special?.(failure, words) ?? sharedAnswer(spec, failure, words);
    return new AppError(code, clean(message, context.secrets), {
      details: {
        provider: spec.provider,
        status: failure.status ?? null,
        ...spec.details?.(failure),
        scope,
      },
    });
  };
}
