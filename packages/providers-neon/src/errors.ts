import { createVendorErrors, hidePostgresPasswords, redact as redactSecrets, type TVendorCallMeta, type TVendorFailure } from '@shipyard/deploy-core/provider-kit';

/** What the API key must be able to do, as Neon's docs name it. */
export const NEON_SCOPES = {
  /** Create and delete projects: a personal API key, or an API key of the organization that owns them. */
  projects: 'projects:write',
  /** List projects, read operations and connection URIs. */
  read: 'projects:read',
} as const;

export type TNeonScope = keyof typeof NEON_SCOPES;

/** What a call was doing ("create the project sy-notes"), so a failure can say it in the user's words. */
export interface TCallMeta extends TVendorCallMeta {
  scope: TNeonScope;
}

/** The fields of an axios error this package reads (axios comes with the SDK; matched by shape). */
interface TAxiosErrorShape {
  isAxiosError: true;
  code?: string;
  message: string;
  response?: { status: number; data?: unknown; headers?: Record<string, unknown> };
}

export function isAxiosError(error: unknown): error is TAxiosErrorShape {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

export interface TNeonFailure {
  status: number | undefined;
  /** Neon's `{ code, message }`. */
  code: string;
  message: string;
  retryAfter: string | null;
}

/**
 * What a failed SDK call says, taken field by field from the axios error: the error object itself
 * carries the request config — including the Authorization header — so it is never passed on.
 */
export function describeFailure(error: unknown): TNeonFailure {
  if (isAxiosError(error)) {
    const data = error.response?.data as { code?: unknown; message?: unknown } | string | undefined;
    const body = typeof data === 'object' && data !== null ? data : {};
    const text = typeof data === 'string' ? data.slice(0, 300) : '';
    const header = error.response?.headers?.['retry-after'];
    return {
      status: error.response?.status,
      code: typeof body.code === 'string' ? body.code : '',
      message: typeof body.message === 'string' ? body.message : text || (error.response ? `HTTP ${error.response.status}` : (error.code ?? error.message)),
      retryAfter: typeof header === 'string' ? header : null,
    };
  }
  return { status: undefined, code: '', message: error instanceof Error ? error.message : String(error), retryAfter: null };
}

/** Replaces every occurrence of the secrets, and any PostgreSQL URL's password, in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return redactSecrets(hidePostgresPasswords(text), secrets);
}

export const toAppError = createVendorErrors<TCallMeta, { orgId?: string }, TVendorFailure & { code: string }>({
  provider: 'neon',
  vendor: 'Neon',
  statusPage: 'https://neonstatus.com',
  scope: (meta) => NEON_SCOPES[meta.scope],
  describe(error) {
    const failure = describeFailure(error);
    return { ...failure, said: `HTTP ${failure.status ?? '—'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}` };
  },
  special: (failure, { meta, attempts, said }) =>
    failure.status === 423
      ? { code: 'BUSY', message: `Neon could not ${meta.action}${attempts}: the project still has operations running (${said}). Try again in a minute.` }
      : undefined,
  credential: 'the API key',
  renewToken: () => 'Create a new API key in the Neon console and save it in the Neon provider settings.',
  denied: ({ meta, context }) => `the API key may not ${meta.action}${inOrg(context)}`,
  grant: () => 'Use a key of the organization that owns the projects, or set orgId in the Neon settings.',
  where: ({ context }) => inOrg(context),
  resource: 'the Neon resource',
  missing: 'it may have been deleted in the Neon console.',
  rateLimit: 'other tools using the same key share its limit.',
  badRequest: [400, 422],
  details: (failure) => ({ neonCode: failure.code || null }),
  redact,
});

function inOrg(context: { orgId?: string }): string {
  return context.orgId ? ` in organization ${context.orgId}` : '';
}
