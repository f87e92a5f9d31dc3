import { AppError, type TErrorCode } from '@shipyard/core';
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

export interface TCallMeta {
  action: string;
  scope: TVercelScope;
  resource?: string;
  conflictHint?: string;
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

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Turns a failed Vercel call into the AppError a user sees: what was being done, what Vercel
 * answered (its `error.message`), and what to do. Never includes the token.
 */
export function toAppError(error: unknown, meta: TCallMeta, context: { teamId?: string; secrets: readonly string[]; attempts?: number }): AppError {
  if (AppError.is(error)) return error;
  const f = describeFailure(error);
  const scope = VERCEL_SCOPES[meta.scope];
  const attempts = context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  const answered = `HTTP ${f.status ?? '—'}${f.code ? `, ${f.code}` : ''}: ${f.message}`;
  const where = context.teamId ? `team ${context.teamId}` : 'the personal account';
  const invalidToken = f.error.invalidToken === true || f.error.missingToken === true;
  let code: TErrorCode = 'PROVIDER_ERROR';
  let text: string;
  if (f.status === 401 || (f.status === 403 && invalidToken)) {
    code = 'PRECONDITION_FAILED';
    text =
      `Vercel token invalid or missing scope ${scope}: Vercel rejected the token while trying to ${meta.action} (${answered}). ` +
      `Create a token under Account settings → Tokens with access to ${where} and save it in the Vercel provider settings.`;
  } else if (f.status === 403) {
    code = 'PRECONDITION_FAILED';
    text =
      `Vercel token invalid or missing scope ${scope}: the token is not allowed to ${meta.action} in ${where} (${answered}). ` +
      `Create a token whose scope includes ${where} (or check teamId), and make sure its user's team role allows it.`;
  } else if (f.status === 409) {
    code = 'CONFLICT';
    text = `Vercel could not ${meta.action}: the name is already taken (${answered}). ${meta.conflictHint ?? 'Choose another name and try again.'}`;
  } else if (f.status === 404) {
    code = 'NOT_FOUND';
    text = `${capitalize(meta.resource ?? 'the requested Vercel resource')} does not exist in ${where} (${answered}); it may have been deleted in the Vercel dashboard.`;
  } else if (f.status === 429) {
    code = 'RATE_LIMITED';
    text = `Vercel kept rate-limiting the request to ${meta.action} (HTTP 429${attempts}${f.code ? `, ${f.code}` : ''}). Wait a few minutes and try again; deployments per day are limited by plan.`;
  } else if (f.status !== undefined && f.status >= 500) {
    text = `Vercel failed to ${meta.action}${attempts} (${answered}). The error is on Vercel's side: try again in a few minutes, and check https://www.vercel-status.com if it persists.`;
  } else if (f.status === undefined && f.code !== 'unexpected_response') {
    text = `Could not reach the Vercel API to ${meta.action}${attempts} (${f.message}). Check the network and apiBaseUrl, then try again.`;
  } else {
    text = `Vercel refused to ${meta.action} (${answered}).`;
  }
  return new AppError(code, redact(text, context.secrets), {
    details: { provider: 'vercel', status: f.status ?? null, vercelCode: f.code, scope },
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
