import { AppError, type TErrorCode } from '@shipyard/core';

/** What the Platform API token must be able to do for each kind of call. */
export const TURSO_SCOPES = {
  /** Create and delete databases: a Platform API token of an admin or owner of the organization. */
  databases: 'databases:write',
  /** Mint database tokens: a Platform API token of an admin or owner of the organization. */
  tokens: 'database-tokens:create',
  /** Read groups and databases: a Platform API token of any member of the organization. */
  read: 'organization:read',
} as const;

export type TTursoScope = keyof typeof TURSO_SCOPES;

export interface TCallMeta {
  /** A verb phrase: "create the database sy-notes". */
  action: string;
  scope: TTursoScope;
  /** The thing a 404 means is missing: "the database sy-notes". */
  resource?: string;
  /** What to do when Turso answers 409. */
  conflictHint?: string;
}

/** A failed HTTP exchange with the Platform API (or a network error: status undefined). */
export class TursoHttpError extends Error {
  override readonly name = 'TursoHttpError';
  constructor(
    readonly status: number | undefined,
    /** Turso's `error` field, or the response text. */
    readonly vendorMessage: string,
    readonly retryAfter: string | null = null,
  ) {
    super(status === undefined ? vendorMessage : `HTTP ${status}: ${vendorMessage}`);
  }
}

/** Replaces every occurrence of the secrets in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * The AppError a user sees for a failed Platform API call: what was being done, what Turso said,
 * and what to do. Never includes the token.
 */
export function toAppError(error: unknown, meta: TCallMeta, context: { organization: string; secrets: readonly string[]; attempts?: number }): AppError {
  if (AppError.is(error)) return error;
  const failure = error instanceof TursoHttpError ? error : new TursoHttpError(undefined, error instanceof Error ? error.message : String(error));
  const scope = TURSO_SCOPES[meta.scope];
  const attempts = context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  const said = `HTTP ${failure.status ?? '—'}: ${failure.vendorMessage}`;
  let code: TErrorCode = 'PROVIDER_ERROR';
  let message: string;
  switch (true) {
    case failure.status === 401:
      code = 'PRECONDITION_FAILED';
      message =
        `Turso token invalid or missing scope ${scope}: Turso rejected the API token while trying to ${meta.action} (${said}). ` +
        `Mint a new one with \`turso auth api-tokens mint shipyard\` and save it in the Turso provider settings.`;
      break;
    case failure.status === 403:
      code = 'PRECONDITION_FAILED';
      message =
        `Turso token invalid or missing scope ${scope}: the token may not ${meta.action} in organization ${context.organization} (${said}). ` +
        `Use a token of an admin or owner of ${context.organization}, and check the organization slug.`;
      break;
    case failure.status === 404:
      code = 'NOT_FOUND';
      message = `${capitalize(meta.resource ?? `the Turso resource`)} does not exist in organization ${context.organization} (${said}); check the organization and group in the Turso settings, or whether it was deleted.`;
      break;
    case failure.status === 409:
      code = 'CONFLICT';
      message = `Turso could not ${meta.action}: the name is already taken (${said}). ${meta.conflictHint ?? 'Choose another name and try again.'}`;
      break;
    case failure.status === 429:
      code = 'RATE_LIMITED';
      message = `Turso kept rate-limiting the request to ${meta.action} (HTTP 429${attempts}). Wait a few minutes and try again; other tools using the same token share its limit.`;
      break;
    case failure.status !== undefined && failure.status >= 500:
      message = `Turso failed to ${meta.action}${attempts} (${said}). The error is on Turso's side: try again in a few minutes, and check https://status.turso.tech if it persists.`;
      break;
    case failure.status === undefined:
      message = `Could not reach the Turso API to ${meta.action}${attempts} (${failure.vendorMessage}). Check the network and apiBaseUrl, then try again.`;
      break;
    default:
      code = failure.status === 400 ? 'BAD_REQUEST' : 'PROVIDER_ERROR';
      message = `Turso refused to ${meta.action} (${said}).`;
  }
  return new AppError(code, redact(message, context.secrets), {
    details: { provider: 'turso', status: failure.status ?? null, scope },
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
