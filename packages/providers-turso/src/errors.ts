import { createVendorErrors, messageOf, type TVendorCallMeta, type TVendorFailure } from '@shipyard/deploy-core/provider-kit';

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

/** What a call was doing ("create the database sy-notes"), so a failure can say it in the user's words. */
export interface TCallMeta extends TVendorCallMeta {
  scope: TTursoScope;
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

/**
 * The AppError a user sees for a failed Platform API call: what was being done, what Turso said,
 * and what to do. Never includes the token.
 */
export const toAppError = createVendorErrors<TCallMeta, { organization: string }, TVendorFailure>({
  provider: 'turso',
  vendor: 'Turso',
  statusPage: 'https://status.turso.tech',
  scope: (meta) => TURSO_SCOPES[meta.scope],
  describe(error) {
    const failure = error instanceof TursoHttpError ? error : new TursoHttpError(undefined, messageOf(error));
    return { status: failure.status, said: `HTTP ${failure.status ?? '—'}: ${failure.vendorMessage}`, message: failure.vendorMessage };
  },
  credential: 'the API token',
  renewToken: () => 'Mint a new one with `turso auth api-tokens mint shipyard` and save it in the Turso provider settings.',
  denied: ({ meta, context }) => `the token may not ${meta.action} in organization ${context.organization}`,
  grant: ({ context }) => `Use a token of an admin or owner of ${context.organization}, and check the organization slug.`,
  where: ({ context }) => ` in organization ${context.organization}`,
  resource: 'the Turso resource',
  missing: 'check the organization and group in the Turso settings, or whether it was deleted.',
  rateLimit: 'other tools using the same token share its limit.',
  badRequest: [400],
});
