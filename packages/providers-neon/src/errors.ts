import { AppError, type TErrorCode } from '@shipyard/core';

/** What the API key must be able to do, as Neon's docs name it. */
export const NEON_SCOPES = {
  /** Create and delete projects: a personal API key, or an API key of the organization that owns them. */
  projects: 'projects:write',
  /** List projects, read operations and connection URIs. */
  read: 'projects:read',
} as const;

export type TNeonScope = keyof typeof NEON_SCOPES;

export interface TCallMeta {
  /** A verb phrase: "create the project sy-notes". */
  action: string;
  scope: TNeonScope;
  /** The thing a 404 means is missing: "the project sy-notes (quiet-fog-123)". */
  resource?: string;
  conflictHint?: string;
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

/** Replaces every occurrence of the secrets in a message. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@');
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

export function toAppError(error: unknown, meta: TCallMeta, context: { secrets: readonly string[]; attempts?: number; orgId?: string }): AppError {
  if (AppError.is(error)) return error;
  const failure = describeFailure(error);
  const scope = NEON_SCOPES[meta.scope];
  const attempts = context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  const said = `HTTP ${failure.status ?? '—'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}`;
  const org = context.orgId ? ` in organization ${context.orgId}` : '';
  let code: TErrorCode = 'PROVIDER_ERROR';
  let message: string;
  const status = failure.status;
  if (status === 401) {
    code = 'PRECONDITION_FAILED';
    message = `Neon token invalid or missing scope ${scope}: Neon rejected the API key while trying to ${meta.action} (${said}). Create a new API key in the Neon console and save it in the Neon provider settings.`;
  } else if (status === 403) {
    code = 'PRECONDITION_FAILED';
    message = `Neon token invalid or missing scope ${scope}: the API key may not ${meta.action}${org} (${said}). Use a key of the organization that owns the projects, or set orgId in the Neon settings.`;
  } else if (status === 404) {
    code = 'NOT_FOUND';
    message = `${capitalize(meta.resource ?? 'the Neon resource')} does not exist${org} (${said}); it may have been deleted in the Neon console.`;
  } else if (status === 409) {
    code = 'CONFLICT';
    message = `Neon could not ${meta.action}: the name is already taken (${said}). ${meta.conflictHint ?? 'Choose another name and try again.'}`;
  } else if (status === 429) {
    code = 'RATE_LIMITED';
    message = `Neon kept rate-limiting the request to ${meta.action} (HTTP 429${attempts}). Wait a few minutes and try again; other tools using the same key share its limit.`;
  } else if (status === 423) {
    code = 'BUSY';
    message = `Neon could not ${meta.action}${attempts}: the project still has operations running (${said}). Try again in a minute.`;
  } else if (status !== undefined && status >= 500) {
    message = `Neon failed to ${meta.action}${attempts} (${said}). The error is on Neon's side: try again in a few minutes, and check https://neonstatus.com if it persists.`;
  } else if (status === undefined) {
    message = `Could not reach the Neon API to ${meta.action}${attempts} (${failure.message}). Check the network and apiBaseUrl, then try again.`;
  } else {
    code = status === 400 || status === 422 ? 'BAD_REQUEST' : 'PROVIDER_ERROR';
    message = `Neon refused to ${meta.action} (${said}).`;
  }
  return new AppError(code, redact(message, context.secrets), { details: { provider: 'neon', status: status ?? null, neonCode: failure.code || null, scope } });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
