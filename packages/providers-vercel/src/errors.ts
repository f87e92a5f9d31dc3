import { createVendorErrors, type TVendorCallMeta, type TVendorFailure } from '@shipyard/deploy-core/provider-kit';
import { ConnectionError, RequestAbortedError, RequestTimeoutError } from '@vercel/sdk/models/httpclienterrors.js';
import { ResponseValidationError } from '@vercel/sdk/models/responsevalidationerror.js';
import { VercelError } from '@vercel/sdk/models/vercelerror.js';

/**
 * What a Vercel token must reach for each kind of call. Vercel tokens are scoped to accounts:
 * "Full Account" or specific teams; a token without the team in its scope gets 403 on its projects.
 */
export const VERCEL_SCOPES = {
  /** Projects, deployments, file uploads, promote. */
  projects: 'Projects and deployments of the team (token scope including the team)',
  /** Project environment variables. */
  env: 'Project environment variables (token scope including the team)',
  /** Project domains. */
  domains: 'Project domains (token scope including the team; a team role that may manage domains)',
} as const;

export type TVercelScope = keyof typeof VERCEL_SCOPES;

/** What a call was doing ("create the Vercel project shipyard-notes"), so a failure can say it in the user's words. */
export interface TCallMeta extends TVendorCallMeta {
  scope: TVercelScope;
}

export interface TVercelFailure {
  status: number | undefined;
  /** Vercel's `error.code`, e.g. `forbidden`, `missing_files`, `conflict`. */
  code: string | null;
  message: string;
  /** Extra fields of Vercel's error object (`missing`, `invalidToken`, …). */
  error: Record<string, unknown>;
  headers: Headers | null;
}

/** Vercel answers errors as `{ error: { code, message, … } }`. */
export function describeFailure(error: unknown): TVercelFailure {
  if (error instanceof ResponseValidationError) {
    const issues = (error.cause as { issues?: { path: (string | number)[]; message: string }[] } | undefined)?.issues ?? [];
    const summary = issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return {
      status: undefined,
      code: 'unexpected_response',
      message: `Vercel answered HTTP ${error.statusCode} in a shape this SDK version does not expect${summary ? ` (${summary})` : ''}; update @vercel/sdk`,
      error: {},
      headers: null,
    };
  }
  if (error instanceof VercelError) {
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(error.body);
      if (typeof parsed === 'object' && parsed !== null) body = (parsed as { error?: Record<string, unknown> }).error ?? (parsed as Record<string, unknown>);
    } catch {
      // Not JSON: an edge error page.
    }
    const message = typeof body.message === 'string' ? body.message : error.body.trim().slice(0, 300) || `HTTP ${error.statusCode}`;
    return { status: error.statusCode, code: typeof body.code === 'string' ? body.code : null, message, error: body, headers: error.headers };
  }
  if (error instanceof RequestTimeoutError) return { status: undefined, code: 'timeout', message: 'no answer in time', error: {}, headers: null };
  if (error instanceof ConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: undefined, code: 'network', message: `${error.message}${cause}`, error: {}, headers: null };
  }
  return { status: undefined, code: null, message: error instanceof Error ? error.message : String(error), error: {}, headers: null };
}

export function isAbort(error: unknown): boolean {
  return error instanceof RequestAbortedError || (error instanceof Error && error.name === 'AbortError');
}

export function isNetworkError(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof RequestTimeoutError;
}

/**
 * Turns a failed Vercel call into the AppError a user sees: what was being done, what Vercel
 * answered (its `error.message`), and what to do. Never includes the token.
 */
export const toAppError = createVendorErrors<TCallMeta, { teamId?: string }, TVendorFailure & TVercelFailure>({
  provider: 'vercel',
  vendor: 'Vercel',
  statusPage: 'https://www.vercel-status.com',
  scope: (meta) => VERCEL_SCOPES[meta.scope],
  describe(error) {
    const f = describeFailure(error);
    return { ...f, said: `HTTP ${f.status ?? '—'}${f.code ? `, ${f.code}` : ''}: ${f.message}`, limit: f.code };
  },
  caseOf(f) {
    if (f.status === 403 && (f.error.invalidToken === true || f.error.missingToken === true)) return 'rejected-token';
    // An answer the SDK could not read is no network failure.
    if (f.status === undefined && f.code === 'unexpected_response') return 'refused';
    return undefined;
  },
  credential: 'the token',
  renewToken: ({ context }) => `Create a token under Account settings → Tokens with access to ${account(context)} and save it in the Vercel provider settings.`,
  denied: ({ meta, context }) => `the token is not allowed to ${meta.action} in ${account(context)}`,
  grant: ({ context }) => `Create a token whose scope includes ${account(context)} (or check teamId), and make sure its user's team role allows it.`,
  where: ({ context }) => ` in ${account(context)}`,
  resource: 'the requested Vercel resource',
  missing: 'it may have been deleted in the Vercel dashboard.',
  rateLimit: 'deployments per day are limited by plan.',
  details: (f) => ({ vercelCode: f.code }),
});

function account(context: { teamId?: string }): string {
  return context.teamId ? `team ${context.teamId}` : 'the personal account';
}
