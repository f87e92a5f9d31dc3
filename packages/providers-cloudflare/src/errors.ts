import { createVendorErrors, type TVendorCallMeta, type TVendorFailure } from '@shipyard/deploy-core/provider-kit';
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

/** What a call was doing ("create the Pages project shipyard-notes"), so a failure can say it in the user's words. */
export interface TCallMeta extends TVendorCallMeta {
  scope: TCloudflareScope;
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

/**
 * Turns a failed Cloudflare call into the AppError a user sees: it says what was being done, what
 * Cloudflare answered (its `errors[].message`), and what to do. Never includes the token.
 */
export const toAppError = createVendorErrors<TCallMeta, { accountId: string }, TVendorFailure & TCloudflareFailure>({
  provider: 'cloudflare',
  vendor: 'Cloudflare',
  statusPage: 'https://www.cloudflarestatus.com',
  scope: (meta) => CLOUDFLARE_SCOPES[meta.scope],
  describe(error) {
    const failure = describeFailure(error);
    const code = failure.codes.length ? `, code ${failure.codes.join('/')}` : '';
    return { ...failure, said: `HTTP ${failure.status ?? '—'}${code}: ${failure.message}` };
  },
  caseOf: ({ status, codes }) =>
    (status === 403 || status === 400) && codes.some((c) => INVALID_TOKEN_CODES.has(c)) ? 'rejected-token' : undefined,
  special: ({ status, codes }, { meta, context, said }) =>
    status === 404 && codes.some((c) => UNKNOWN_ACCOUNT_CODES.has(c)) && !meta.resource
      ? {
          code: 'PRECONDITION_FAILED',
          message: `Cloudflare could not find account ${context.accountId} while trying to ${meta.action} (${said}). Check the accountId in the Cloudflare provider settings and that the token belongs to that account.`,
        }
      : undefined,
  credential: 'the API token',
  renewToken: ({ scope }) => `Create an API token with ${scope} for this account and save it in the Cloudflare provider settings.`,
  denied: ({ meta }) => `the token is not allowed to ${meta.action}`,
  grant: ({ meta, context, scope }) =>
    `Edit the token in the Cloudflare dashboard, add the ${scope} permission${meta.scope === 'dns' || meta.scope === 'zone' ? ' for the zone' : ` for account ${context.accountId}`}, and try again.`,
  where: ({ context }) => ` in Cloudflare account ${context.accountId}`,
  resource: 'the requested Cloudflare resource',
  missing: 'it may have been deleted in the dashboard.',
  rateLimit: 'other tools using the same token share its rate limit.',
  details: (failure) => ({ cloudflareCodes: failure.codes }),
});
