import { createVendorErrors, messageOf, type TVendorCallMeta, type TVendorFailure } from '@shipyard/deploy-core/provider-kit';

export { redact } from '@shipyard/deploy-core/provider-kit';

/**
 * What a Netlify token must be allowed to do for each kind of call. Netlify personal access tokens
 * carry no scopes of their own: they act with the permissions of their user, so what can be
 * missing is the user's role in the team (Owner or Developer can manage sites; Reviewers and
 * Billing Admins cannot).
 */
export const NETLIFY_SCOPES = {
  /** Creating, deploying, publishing and deleting sites. */
  sites: 'Sites: create, deploy and delete (team role Owner or Developer)',
  /** Site environment variables (`/accounts/:account/env`). */
  env: 'Environment variables: edit (team role Owner or Developer)',
  /** Custom domains and domain aliases on a site. */
  domains: 'Domains: edit site domains (team role Owner or Developer)',
  /** Reading the user and the teams the token can reach. */
  account: 'Team access (the token’s user must be a member of the team)',
} as const;

export type TNetlifyScope = keyof typeof NETLIFY_SCOPES;

/**
 * What a call was doing ("create the Netlify site shipyard-notes"), so a failure can say it in the
 * user's words. Netlify answers a taken name with 409, or 422 "must be unique".
 */
export interface TCallMeta extends TVendorCallMeta {
  scope: TNetlifyScope;
}

/** A failed HTTP exchange with Netlify, or a network failure (status undefined). */
export class NetlifyHttpError extends Error {
  override readonly name = 'NetlifyHttpError';
  constructor(
    readonly status: number | undefined,
    /** Netlify's own message (`message`, `errors.*`, or the text body). */
    readonly vendorMessage: string,
    readonly headers: Headers | null,
    options?: { cause?: unknown },
  ) {
    super(status === undefined ? vendorMessage : `HTTP ${status}: ${vendorMessage}`, options);
  }
}

/** Netlify error bodies: `{ code, message }`, `{ errors: { field: [..] } }`, or plain text. */
export function vendorMessage(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    const body: unknown = JSON.parse(trimmed);
    if (typeof body === 'object' && body !== null) {
      const parts: string[] = [];
      const b = body as { message?: unknown; error?: unknown; errors?: unknown };
      if (typeof b.message === 'string' && b.message) parts.push(b.message);
      if (typeof b.error === 'string' && b.error) parts.push(b.error);
      if (typeof b.errors === 'object' && b.errors !== null) {
        for (const [field, value] of Object.entries(b.errors as Record<string, unknown>)) {
          const list = Array.isArray(value) ? value.map(String) : [String(value)];
          parts.push(`${field} ${list.join(', ')}`);
        }
      }
      if (parts.length) return parts.join('; ');
    }
  } catch {
    // Not JSON: Netlify's edge answers some errors (502, 504) with HTML or text.
  }
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

const isTakenName = (status: number | undefined, message: string) =>
  status === 409 || (status === 422 && /must be unique|already (exists|taken|in use)|is taken/i.test(message));

/**
 * Turns a failed Netlify call into the AppError a user sees: what was being done, what Netlify
 * answered, and what to do. Never includes the token.
 */
export const toAppError = createVendorErrors<TCallMeta, object, TVendorFailure>({
  provider: 'netlify',
  vendor: 'Netlify',
  statusPage: 'https://www.netlifystatus.com',
  scope: (meta) => NETLIFY_SCOPES[meta.scope],
  describe(error) {
    const status = error instanceof NetlifyHttpError ? error.status : undefined;
    const message = error instanceof NetlifyHttpError ? error.vendorMessage : messageOf(error);
    return { status, message, said: `HTTP ${status ?? '—'}${message ? `: ${message}` : ''}` };
  },
  caseOf: (failure) => (isTakenName(failure.status, failure.message) ? 'name-taken' : undefined),
  credential: 'the access token',
  renewToken: () => 'Create a personal access token under User settings → Applications and save it in the Netlify provider settings.',
  denied: ({ meta }) => `the token is not allowed to ${meta.action}`,
  grant: () => "Use a token of a user who is Owner or Developer of the team, or ask a team Owner to change the user's role, then try again.",
  where: () => ' on Netlify',
  resource: 'the requested Netlify resource',
  missing: 'it may have been deleted in the Netlify app.',
  rateLimit: 'Netlify limits deploys per minute and per day for each token.',
});
