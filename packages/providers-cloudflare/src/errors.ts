import { AppError, type TErrorCode } from '@shipyard/core';
import { APIConnectionError, APIError, APIUserAbortError } from 'cloudflare';

/** The API token permissions each kind of call needs, as the dashboard names them. */
export const CLOUDFLARE_SCOPES = {
  /** Pages projects, deployments, upload tokens, custom domains. */
  pages: 'Account.Cloudflare Pages:Edit',
  /** Finding the user's zone for a custom domain. */
  zone: 'Zone.Zone:Read',
  /** Creating, updating and deleting DNS records in the user's zone. */
  dns: 'Zone.DNS:Edit',
  /** Registrar search, check, registration and auto-renew. */
  registrar: 'Account.Registrar: Domains:Edit',
} as const;

export type TCloudflareScope = keyof typeof CLOUDFLARE_SCOPES;

/** What a call was doing, so a failure can say it in the user's words. */
export interface TCallMeta {
  /** A verb phrase: "create the Pages project shipyard-notes". */
  action: string;
  scope: TCloudflareScope;
  /** The thing a 404 means is missing: "the Pages project shipyard-notes". */
  resource?: string;
  /** What to do when Cloudflare answers 409 (the name is taken). */
  conflictHint?: string;
}

export interface TCloudflareFailure {
  status: number | undefined;
  codes: number[];
  /** Cloudflare's `errors[].message`, joined. */
  message: string;
}

/** Codes Cloudflare uses for a token that is unknown, malformed, expired or revoked. */
const INVALID_TOKEN_CODES = new Set([1000, 1001, 6003, 6111, 9106, 9109]);
/** Codes Cloudflare uses when an account or zone id cannot be routed. */
const UNKNOWN_ACCOUNT_CODES = new Set([7000, 7003]);

export function describeFailure(error: unknown): TCloudflareFailure {
  if (error instanceof APIError) {
    const list = Array.isArray(error.errors) ? error.errors : [];
    const codes = list.map((e) => Number(e.code)).filter((c) => Number.isFinite(c));
    const messages = list.map((e) => String(e.message ?? '')).filter(Boolean);
    const fallback = error.status === undefined ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    return { status: error.status, codes, message: messages.join('; ') || fallback || `HTTP ${error.status ?? 'error'}` };
  }
  return { status: undefined, codes: [], message: error instanceof Error ? error.message : String(error) };
}

export function isAbort(error: unknown): boolean {
  return error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError');
}

export function isConnectionError(error: unknown): boolean {
  return error instanceof APIConnectionError && !(error instanceof APIUserAbortError);
}

/** Replaces every occurrence of the secrets in a message. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

function cf(failure: TCloudflareFailure): string {
  const code = failure.codes.length ? `, code ${failure.codes.join('/')}` : '';
  return `HTTP ${failure.status ?? '—'}${code}: ${failure.message}`;
}

/**
 * Turns a failed Cloudflare call into the AppError a user sees: it says what was being done, what
 * Cloudflare answered (its `errors[].message`), and what to do. Never includes the token.
 */
export function toAppError(
  error: unknown,
  meta: TCallMeta,
  context: { accountId: string; secrets: readonly string[]; attempts?: number },
): AppError {
  if (error instanceof AppError || AppError.is(error)) return error;
  const failure = describeFailure(error);
  const scope = CLOUDFLARE_SCOPES[meta.scope];
  const attempts = context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  let code: TErrorCode = 'PROVIDER_ERROR';
  let message: string;
  const status = failure.status;
  const invalidToken = failure.codes.some((c) => INVALID_TOKEN_CODES.has(c));
  if (status === 401 || (status === 403 && invalidToken) || (status === 400 && invalidToken)) {
    code = 'PRECONDITION_FAILED';
    message =
      `Cloudflare token invalid or missing scope ${scope}: Cloudflare rejected the API token while trying to ${meta.action} (${cf(failure)}). ` +
      `Create an API token with ${scope} for this account and save it in the Cloudflare provider settings.`;
  } else if (status === 403) {
    code = 'PRECONDITION_FAILED';
    message =
      `Cloudflare token invalid or missing scope ${scope}: the token is not allowed to ${meta.action} (${cf(failure)}). ` +
      `Edit the token in the Cloudflare dashboard, add the ${scope} permission${meta.scope === 'dns' || meta.scope === 'zone' ? ' for the zone' : ` for account ${context.accountId}`}, and try again.`;
  } else if (status === 404 && failure.codes.some((c) => UNKNOWN_ACCOUNT_CODES.has(c)) && !meta.resource) {
    code = 'PRECONDITION_FAILED';
    message = `Cloudflare could not find account ${context.accountId} while trying to ${meta.action} (${cf(failure)}). Check the accountId in the Cloudflare provider settings and that the token belongs to that account.`;
  } else if (status === 404) {
    code = 'NOT_FOUND';
    message = `${capitalize(meta.resource ?? 'the requested Cloudflare resource')} does not exist in Cloudflare account ${context.accountId} (${cf(failure)}); it may have been deleted in the dashboard.`;
  } else if (status === 409) {
    code = 'CONFLICT';
    message = `Cloudflare could not ${meta.action}: the name is already taken (${cf(failure)}). ${meta.conflictHint ?? 'Choose another name and try again.'}`;
  } else if (status === 429) {
    code = 'RATE_LIMITED';
    message = `Cloudflare kept rate-limiting the request to ${meta.action} (HTTP 429${attempts}). Wait a few minutes and try again; other tools using the same token share its rate limit.`;
  } else if (status !== undefined && status >= 500) {
    message = `Cloudflare failed to ${meta.action}${attempts} (${cf(failure)}). The error is on Cloudflare's side: try again in a few minutes, and check https://www.cloudflarestatus.com if it persists.`;
  } else if (status === undefined) {
    message = `Could not reach the Cloudflare API to ${meta.action}${attempts} (${failure.message}). Check the network and apiBaseUrl, then try again.`;
  } else {
    message = `Cloudflare refused to ${meta.action} (${cf(failure)}).`;
  }
  return new AppError(code, redact(message, context.secrets), {
    details: { provider: 'cloudflare', status: status ?? null, cloudflareCodes: failure.codes, scope },
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
